"""Settings bases that every service's settings class builds on (pydantic-settings, `T2T_` env):
`PlatformSettings` for every process of a deployment, `ServiceSettings` for one service."""

from t2t_shared.settings.platform import (
    DEFAULT_AREAS,
    DEPRECATION_WINDOW_ENDS,
    DEV_JWKS_URL,
    TOPIC_RETENTION_DAYS,
    PlatformSettings,
)
from t2t_shared.settings.service import ServiceSettings

__all__ = [
    "DEFAULT_AREAS",
    "DEPRECATION_WINDOW_ENDS",
    "DEV_JWKS_URL",
    "TOPIC_RETENTION_DAYS",
    "PlatformSettings",
    "ServiceSettings",
]

"""The verifier and signing key a process gets from its settings."""

from __future__ import annotations

from collections.abc import Sequence

from t2t_shared.auth.keys import SigningKey, ensure_dev_key_pair, load_signing_key
from t2t_shared.auth.verify import JwksKeys, TokenVerifier
from t2t_shared.settings import PlatformSettings


def jwks_verifier(settings: PlatformSettings, audience: str | Sequence[str]) -> TokenVerifier:
    """Verifies tokens for `audience` through the JWKS at `T2T_JWKS_URL`."""
    return TokenVerifier(
        JwksKeys(settings.jwks_url),
        issuer=settings.jwt_issuer,
        audience=audience,
        refuse_dev_keys=settings.environment == "production",
    )


def platform_signing_key(settings: PlatformSettings) -> SigningKey:
    """The key that mints platform tokens; outside production the dev key, made if missing."""
    path = settings.signing_key_path
    if path is None:
        raise ValueError("T2T_SIGNING_KEY_FILE must name the platform signing key in production")
    if settings.environment != "production" and settings.signing_key_file is None:
        return ensure_dev_key_pair(path.parent)
    key = load_signing_key(path)
    if key.is_dev and settings.environment == "production":
        raise ValueError("T2T_SIGNING_KEY_FILE holds a development key; production refuses it")
    return key

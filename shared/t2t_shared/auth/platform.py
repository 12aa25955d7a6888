"""The verifier and signing key a process gets from its settings."""

from __future__ import annotations

from collections.abc import Sequence

from t2t_shared.auth.keys import (
    PRIVATE_KEY_FILE,
    SigningKey,
    ensure_dev_key_pair,
    load_signing_key,
    parse_signing_key,
)
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
    production = settings.environment == "production"
    path = settings.signing_key_path
    if settings.signing_key is not None:
        key = parse_signing_key(settings.signing_key.get_secret_value())
    elif path is None:
        raise ValueError("production needs the platform signing key: T2T_SIGNING_KEY(_FILE)")
    elif not production and path.name == PRIVATE_KEY_FILE and not path.exists():
        key = ensure_dev_key_pair(path.parent)
    else:
        key = load_signing_key(path)
    if key.is_dev and production:
        raise ValueError("the platform signing key is a development key; production refuses it")
    return key

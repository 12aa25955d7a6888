"""Bearer JWTs with a role and an area scope, signed asymmetrically and checked by audience."""

from t2t_shared.auth.keys import (
    DEV_KID_PREFIX,
    SigningKey,
    ensure_dev_key_pair,
    generate_signing_key,
    load_signing_key,
    parse_signing_key,
    write_key_pair,
)
from t2t_shared.auth.principal import (
    ALL_AREAS,
    ROLES,
    InvalidToken,
    Principal,
    Role,
    principal_from_claims,
)
from t2t_shared.auth.tokens import (
    API_SERVICES,
    MAX_TOKEN_LIFETIME_S,
    PLATFORM_AUDIENCES,
    audience_of,
    issue_token,
)
from t2t_shared.auth.verify import JwksKeys, LocalKeys, TokenVerifier

__all__ = [
    "ALL_AREAS",
    "API_SERVICES",
    "DEV_KID_PREFIX",
    "MAX_TOKEN_LIFETIME_S",
    "PLATFORM_AUDIENCES",
    "ROLES",
    "InvalidToken",
    "JwksKeys",
    "LocalKeys",
    "Principal",
    "Role",
    "SigningKey",
    "TokenVerifier",
    "audience_of",
    "ensure_dev_key_pair",
    "generate_signing_key",
    "issue_token",
    "load_signing_key",
    "parse_signing_key",
    "principal_from_claims",
    "write_key_pair",
]

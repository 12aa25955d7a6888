"""Minting platform tokens: ES256, an audience per service, an hour at most."""

from __future__ import annotations

import time
from collections.abc import Sequence

from t2t_shared.auth.keys import SigningKey
from t2t_shared.auth.principal import Role

API_SERVICES = ("referrals", "groups", "volunteers", "notifications", "ops")
PLATFORM_AUDIENCES: tuple[str, ...] = tuple(f"t2t-{s}" for s in API_SERVICES)
MAX_TOKEN_LIFETIME_S = 3600
"""Staff tokens live an hour at most; services refuse a token issued for longer."""


def audience_of(service: str) -> str:
    return f"t2t-{service}"


def issue_token(
    key: SigningKey,
    *,
    role: Role,
    areas: tuple[str, ...] | list[str],
    audience: str | Sequence[str] = PLATFORM_AUDIENCES,
    subject: str = "dev",
    ods_code: str | None = None,
    volunteer_id: str | None = None,
    issuer: str = "t2t",
    ttl_s: int = MAX_TOKEN_LIFETIME_S,
) -> str:
    now = int(time.time())
    claims: dict[str, object] = {
        "sub": subject,
        "role": role,
        "areas": list(areas),
        "iss": issuer,
        "aud": [audience] if isinstance(audience, str) else list(audience),
        "iat": now,
        "exp": now + ttl_s,
    }
    if ods_code:
        claims["ods_code"] = ods_code
    if volunteer_id:
        claims["volunteer_id"] = volunteer_id
    return key.sign(claims)

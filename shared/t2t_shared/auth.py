"""Bearer JWTs with a role and an area scope."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

import jwt

Role = Literal["referrer", "coordinator", "facilitator", "commissioner", "ops", "admin"]
ROLES: tuple[Role, ...] = ("referrer", "coordinator", "facilitator", "commissioner", "ops", "admin")
"""A commissioner is bound to areas like a coordinator, but is shown aggregates only."""
ALL_AREAS = "*"


class InvalidToken(Exception):
    """No usable bearer token: missing, expired, badly signed, or without a known role."""


@dataclass(frozen=True)
class Principal:
    subject: str
    role: Role
    areas: tuple[str, ...]
    ods_code: str | None = None
    volunteer_id: str | None = None

    def covers_area(self, area: str) -> bool:
        return ALL_AREAS in self.areas or area in self.areas


def issue_token(
    secret: str,
    *,
    role: Role,
    areas: tuple[str, ...] | list[str],
    subject: str = "dev",
    ods_code: str | None = None,
    volunteer_id: str | None = None,
    issuer: str = "t2t",
    ttl_s: int = 30 * 24 * 3600,
) -> str:
    now = int(time.time())
    claims: dict[str, object] = {
        "sub": subject,
        "role": role,
        "areas": list(areas),
        "iss": issuer,
        "iat": now,
        "exp": now + ttl_s,
    }
    if ods_code:
        claims["ods_code"] = ods_code
    if volunteer_id:
        claims["volunteer_id"] = volunteer_id
    return jwt.encode(claims, secret, algorithm="HS256")


def decode_token(token: str, secret: str, *, issuer: str = "t2t") -> Principal:
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=["HS256"],
            issuer=issuer,
            options={"require": ["exp", "sub", "iss"]},
        )
    except jwt.PyJWTError as exc:
        raise InvalidToken(str(exc)) from exc
    role = claims.get("role")
    areas = claims.get("areas", [])
    if role not in ROLES:
        raise InvalidToken("token has no known role")
    if not isinstance(areas, list) or not all(isinstance(a, str) for a in areas):
        raise InvalidToken("token areas must be a list of area names")
    ods = claims.get("ods_code")
    volunteer = claims.get("volunteer_id")
    if role == "facilitator" and not volunteer:
        raise InvalidToken("a facilitator token must carry a volunteer_id")
    return Principal(
        subject=str(claims["sub"]),
        role=role,
        areas=tuple(areas),
        ods_code=str(ods) if ods else None,
        volunteer_id=str(volunteer) if volunteer else None,
    )

"""Who is calling: a role and its scope, read from verified token claims."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

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

    @property
    def all_areas(self) -> bool:
        return ALL_AREAS in self.areas


def principal_from_claims(claims: Mapping[str, Any]) -> Principal:
    """The principal a verified token names, or InvalidToken if its scope is incomplete."""
    role = claims.get("role")
    areas = claims.get("areas", [])
    if role not in ROLES:
        raise InvalidToken("token has no known role")
    if not isinstance(areas, list) or not all(isinstance(a, str) for a in areas):
        raise InvalidToken("token areas must be a list of area names")
    ods = claims.get("ods_code")
    volunteer = claims.get("volunteer_id")
    if role == "referrer" and not ods:
        raise InvalidToken("a referrer token must carry an ods_code")
    if role == "facilitator" and not volunteer:
        raise InvalidToken("a facilitator token must carry a volunteer_id")
    return Principal(
        subject=str(claims["sub"]),
        role=role,
        areas=tuple(areas),
        ods_code=str(ods) if ods else None,
        volunteer_id=str(volunteer) if volunteer else None,
    )

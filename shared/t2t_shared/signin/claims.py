"""From what the user chose (dev) or what the provider asserted (OIDC) to a platform token."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from t2t_shared.auth import ALL_AREAS, ROLES, Role, SigningKey, issue_token


@dataclass(frozen=True)
class Claims:
    subject: str
    name: str
    role: Role
    areas: tuple[str, ...]
    ods_code: str | None = None
    volunteer_id: str | None = None

    def token(self, key: SigningKey, issuer: str, ttl_s: int) -> str:
        """A platform token for every service's API, signed with the platform key."""
        return issue_token(
            key,
            role=self.role,
            areas=self.areas,
            subject=self.subject,
            ods_code=self.ods_code,
            volunteer_id=self.volunteer_id,
            issuer=issuer,
            ttl_s=ttl_s,
        )


class ClaimProblems(ValueError):
    """What is wrong, field by field (the field names are the dev form's)."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


def checked_claims(
    *,
    subject: str,
    name: str,
    role: object,
    areas: object,
    ods_code: object,
    volunteer_id: object,
    known_areas: Sequence[str],
) -> Claims:
    """Claims the services will accept, or every reason they would not."""
    problems: dict[str, str] = {}
    if role not in ROLES:
        problems["role"] = "Choose a role"
    area_list = _areas(areas)
    unknown = [a for a in area_list if a != ALL_AREAS and a not in known_areas]
    if not area_list:
        problems["areas"] = "Choose at least one area"
    elif unknown:
        problems["areas"] = f"Unknown area: {', '.join(unknown)}"
    ods = _text(ods_code).upper()
    volunteer = _text(volunteer_id)
    if role == "referrer" and not ods:
        problems["ods_code"] = "Enter the practice's ODS code"
    if role == "facilitator" and not volunteer:
        problems["volunteer_id"] = "Enter the facilitator's volunteer id"
    if problems:
        raise ClaimProblems(problems)
    return Claims(
        subject=subject,
        name=name or subject,
        role=cast(Role, role),
        areas=tuple(area_list),
        ods_code=ods or None,
        volunteer_id=volunteer or None,
    )


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _areas(value: object) -> list[str]:
    if isinstance(value, str):
        # Providers often put a list in one space- or comma-separated string.
        return [a for a in value.replace(",", " ").split() if a]
    if isinstance(value, list | tuple):
        return [str(a).strip() for a in value if str(a).strip()]
    return []


def from_provider(
    claims: Mapping[str, Any], names: Mapping[str, str], known: Sequence[str]
) -> Claims:
    """Read role, areas, ODS code and volunteer id from the claim names configured."""
    return checked_claims(
        subject=str(claims.get("sub") or ""),
        name=str(claims.get("name") or claims.get("email") or claims.get("sub") or ""),
        role=claims.get(names["role"]),
        areas=claims.get(names["areas"]),
        ods_code=claims.get(names["ods_code"]),
        volunteer_id=claims.get(names["volunteer_id"]),
        known_areas=known,
    )

"""Who counts as the same person when a second referral arrives while one is open."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

from referrals.domain.codes import MatchedBy, Source
from referrals.domain.model import Person


def identity_keys(area: str, person: Person) -> list[str]:
    """The identities a new referral claims in its area: NHS number, and name + DOB + postcode.

    Both are claimed: a second referral may carry an NHS number the first one lacked.
    """
    keys = [
        "|".join(
            (
                area,
                "who",
                person.given_name.lower().strip(),
                person.family_name.lower().strip(),
                person.date_of_birth.isoformat(),
                person.postcode.replace(" ", "").upper(),
            )
        )
    ]
    if person.nhs_number:
        keys.append(f"{area}|nhs|{person.nhs_number}")
    return keys


def lock_ids(keys: list[str]) -> list[int]:
    """64-bit ids for PostgreSQL advisory locks, in a fixed order so two callers never deadlock."""
    return sorted(
        int.from_bytes(hashlib.sha256(k.encode()).digest()[:8], "big", signed=True) for k in keys
    )


@dataclass(frozen=True)
class OpenMatch:
    """An open referral in the area that may be the same person as a new one."""

    referral_id: uuid.UUID
    source: Source
    matched_by: MatchedBy


def blocking_match(matches: list[OpenMatch], *, anonymous: bool) -> OpenMatch | None:
    """The open referral that refuses a new one (409), if any.

    The public form never learns of another referral (that would disclose someone's health),
    so an anonymous duplicate is taken and flagged. Nor does a self-referral, which anyone
    may send in someone's name, block a practice's or coordinator's referral: that one is
    taken too, and the two are flagged for a coordinator to reject one as `duplicate`.
    """
    if anonymous:
        return None
    return next((m for m in matches if m.source is not Source.SELF), None)

"""Who counts as the same person when a second referral arrives while one is open."""

from __future__ import annotations

import hashlib

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

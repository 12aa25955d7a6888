"""Screening checks: two references and a DBS check, each pending, complete or expired."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from volunteers.domain.stages import InvalidDetail

DBS_CERTIFICATE = re.compile(r"^\d{12}$")
REFERENCE_SLOTS = (1, 2)


class CheckStatus(StrEnum):
    PENDING = "pending"
    COMPLETE = "complete"
    EXPIRED = "expired"


class DbsLevel(StrEnum):
    BASIC = "basic"
    STANDARD = "standard"
    ENHANCED = "enhanced"


@dataclass
class Reference:
    """One of the two references: requested, then received (satisfactory or not)."""

    slot: int
    requested_on: date
    received_on: date | None = None
    satisfactory: bool | None = None

    @property
    def status(self) -> CheckStatus:
        return CheckStatus.COMPLETE if self.received_on is not None else CheckStatus.PENDING

    @property
    def passed(self) -> bool:
        return self.received_on is not None and self.satisfactory is True


@dataclass
class DbsCheck:
    """The latest DBS check. Pending until the certificate is recorded; expired by the sweep."""

    status: CheckStatus = CheckStatus.PENDING
    level: DbsLevel | None = None
    certificate_number: str | None = None
    issued_on: date | None = None
    renewal_due: date | None = None

    @property
    def passed(self) -> bool:
        return self.status is CheckStatus.COMPLETE


def normalise_dbs_certificate(value: str) -> str:
    digits = re.sub(r"[\s-]", "", value)
    if not DBS_CERTIFICATE.match(digits):
        raise ValueError("a DBS certificate number has 12 digits")
    return digits


def completed_dbs(
    *, level: DbsLevel, certificate_number: str, issued_on: date, renewal_due: date, today: date
) -> DbsCheck:
    """A DBS check as recorded from its certificate, checked for dates that cannot be."""
    if issued_on > today:
        raise InvalidDetail("issued_on", "a certificate cannot be issued in the future")
    if renewal_due <= issued_on:
        raise InvalidDetail("renewal_due", "the renewal date must be after the issue date")
    if renewal_due <= today:
        raise InvalidDetail("renewal_due", "this certificate is already due for renewal")
    return DbsCheck(
        status=CheckStatus.COMPLETE,
        level=level,
        certificate_number=normalise_dbs_certificate(certificate_number),
        issued_on=issued_on,
        renewal_due=renewal_due,
    )


def received_reference(
    slot: int, requested_on: date, received_on: date, satisfactory: bool, today: date
) -> Reference:
    if received_on > today:
        raise InvalidDetail("received_on", "cannot be in the future")
    if received_on < requested_on:
        raise InvalidDetail("received_on", "cannot be before the reference was requested")
    return Reference(slot, requested_on, received_on, satisfactory)


def screening_missing(references: dict[int, Reference], dbs: DbsCheck | None) -> list[str]:
    """What still stands between a volunteer and completed screening, in words."""
    missing = []
    for slot in REFERENCE_SLOTS:
        ref = references.get(slot)
        if ref is None:
            missing.append(f"reference {slot} (not requested)")
        elif not ref.passed:
            state = "not satisfactory" if ref.received_on else "pending"
            missing.append(f"reference {slot} ({state})")
    if dbs is None or not dbs.passed:
        missing.append(f"DBS check ({dbs.status if dbs else 'not requested'})")
    return missing

"""Referrals at each status, for the journey's tests (domain objects, no I/O)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from referrals.domain.codes import (
    AttemptChannel,
    AttemptOutcome,
    CloseOutcome,
    RecordedBy,
    RejectionReason,
    Status,
)
from referrals.domain.journey import AttemptResult
from referrals.domain.model import Person, Referral, Source

# A Tuesday in March (GMT), clear of bank holidays.
RECEIVED = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
GROUP = uuid.UUID("7d1c2b3a-4e5f-4a6b-9c8d-0e1f2a3b4c5d")


def later(hours: float) -> datetime:
    return RECEIVED + timedelta(hours=hours)


def received(**overrides: object) -> Referral:
    person = Person(
        id=uuid.uuid4(),
        given_name="Philippa",
        family_name="Ramsbottom",
        date_of_birth=date(1961, 4, 12),
        postcode="LS6 2AB",
        nhs_number="9434765919",
    )
    referral = Referral.receive(
        source=Source.SELF,
        area="leeds",
        person=person,
        consent_to_contact=True,
        received_at=RECEIVED,
        notes="Prefers evenings",
    )
    for name, value in overrides.items():
        setattr(referral, name, value)
    return referral


def attempt(
    referral: Referral,
    outcome: AttemptOutcome,
    at: datetime | None = None,
    unreachable_after: int = 3,
) -> AttemptResult:
    return referral.record_attempt(
        channel=AttemptChannel.PHONE,
        outcome=outcome,
        recorded_by=RecordedBy.COORDINATOR,
        at=at or later(2),
        note="Rang at lunchtime",
        unreachable_after=unreachable_after,
    )


def at_status(status: Status) -> Referral:
    """A referral walked to `status` through the journey's own steps."""
    referral = received()
    if status is Status.RECEIVED:
        return referral
    if status is Status.REJECTED:
        referral.reject(RejectionReason.INELIGIBLE, None, later(1))
        return referral
    if status is Status.CLOSED:
        referral.close(CloseOutcome.COMPLETED, None, later(1))
        return referral
    referral.accept(later(1))
    if status is Status.ACCEPTED:
        return referral
    attempt(referral, AttemptOutcome.REACHED)
    for stage in (Status.PLACED, Status.JOINED, Status.ATTENDED):
        if referral.status is status:
            break
        referral.advance(stage, GROUP, later(24))
    assert referral.status is status
    return referral

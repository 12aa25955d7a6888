"""What happened to a referral or a practice, as the entity records it when its state changes.

In-process facts, not the public contract: `service_layer/publishing.py` turns each into the
integration events (and contact records) that go out through the outbox.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from referrals.domain.codes import (
    AttemptChannel,
    AttemptOutcome,
    CloseOutcome,
    RecordedBy,
    RejectionReason,
    Status,
)


@dataclass(frozen=True)
class Received:
    referral_id: uuid.UUID


@dataclass(frozen=True)
class Accepted:
    referral_id: uuid.UUID
    at: datetime


@dataclass(frozen=True)
class Rejected:
    referral_id: uuid.UUID
    reason: RejectionReason
    at: datetime


@dataclass(frozen=True)
class AttemptRecorded:
    referral_id: uuid.UUID
    number: int
    channel: AttemptChannel
    outcome: AttemptOutcome
    recorded_by: RecordedBy
    at: datetime


@dataclass(frozen=True)
class FirstContacted:
    """The person was reached for the first time, and how that compares with the target."""

    referral_id: uuid.UUID
    at: datetime
    seconds: int
    working_days: int
    within_target: bool


@dataclass(frozen=True)
class StageReached:
    """Placed, joined or attended, on groups' events."""

    referral_id: uuid.UUID
    stage: Status
    group_id: uuid.UUID
    at: datetime


@dataclass(frozen=True)
class Closed:
    referral_id: uuid.UUID
    outcome: CloseOutcome
    at: datetime
    erased: bool = False  # closed because the person asked to be forgotten


@dataclass(frozen=True)
class PracticeRegistered:
    """A practice entered the register, or its name, status or area changed."""

    ods_code: str


@dataclass(frozen=True)
class ReceiptContactChanged:
    """Whom notifications writes to for a practice (its name or receipt email) changed."""

    ods_code: str


@dataclass(frozen=True)
class PracticeEngaged:
    outreach_id: uuid.UUID


ReferralEvent = (
    Received | Accepted | Rejected | AttemptRecorded | FirstContacted | StageReached | Closed
)
PracticeEvent = PracticeRegistered | ReceiptContactChanged
DomainEvent = ReferralEvent | PracticeEvent | PracticeEngaged

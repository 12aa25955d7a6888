"""What callers ask the referrals service to do."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from referrals.domain.codes import (
    AttemptChannel,
    AttemptOutcome,
    CloseOutcome,
    FormatPreference,
    RejectionReason,
)
from referrals.domain.model import Channel, Source


@dataclass(frozen=True)
class PersonDetails:
    given_name: str
    family_name: str
    date_of_birth: date
    postcode: str
    nhs_number: str | None = None
    email: str | None = None
    mobile: str | None = None
    preferred_channel: Channel = Channel.EMAIL


@dataclass(frozen=True)
class ReferrerDetails:
    """Only the code: the practice's name and receipt email come from the register."""

    ods_code: str


@dataclass(frozen=True)
class ReceiveReferral:
    source: Source
    area: str
    person: PersonDetails
    consent_to_contact: bool
    referrer: ReferrerDetails | None = None
    notes: str | None = None
    format_preference: FormatPreference | None = None
    caller: str = "anonymous"
    idempotency_key: str | None = None
    request_hash: str | None = None


@dataclass(frozen=True)
class Triage:
    """Who acts on which referral: `areas` None is every area (ops, admin)."""

    referral_id: uuid.UUID
    areas: tuple[str, ...] | None


@dataclass(frozen=True)
class AcceptReferral(Triage):
    pass


@dataclass(frozen=True)
class RejectReferral(Triage):
    reason: RejectionReason = RejectionReason.OTHER
    comment: str | None = None


@dataclass(frozen=True)
class RecordContactAttempt(Triage):
    channel: AttemptChannel = AttemptChannel.PHONE
    outcome: AttemptOutcome = AttemptOutcome.NO_ANSWER
    note: str | None = None


@dataclass(frozen=True)
class CloseReferral(Triage):
    outcome: CloseOutcome = CloseOutcome.OTHER
    comment: str | None = None

"""The referral: who was referred, by whom, and where it stands."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from referrals.domain.codes import (
    Channel,
    CloseOutcome,
    FormatPreference,
    MatchedBy,
    RejectionReason,
    Source,
    Status,
)
from referrals.domain.errors import MissingReferrer, ReferralError
from referrals.domain.events import Received, ReferralEvent
from referrals.domain.journey import Journey
from referrals.domain.practice import Referrer

__all__ = [
    "Channel",
    "DuplicateFlag",
    "MissingReferrer",
    "Person",
    "Referral",
    "ReferralError",
    "Referrer",
    "Source",
    "Status",
]


@dataclass
class Person:
    """Personal data lives here only, so erasure removes one record and keeps the statistics."""

    id: uuid.UUID
    given_name: str
    family_name: str
    date_of_birth: date
    postcode: str
    nhs_number: str | None = None
    email: str | None = None
    mobile: str | None = None
    preferred_channel: Channel = Channel.EMAIL

    @property
    def postcode_district(self) -> str:
        """The outward code: every UK inward code is the last three characters."""
        return self.postcode.replace(" ", "").upper()[:-3]

    def age_band(self, on: date) -> str:
        age = (
            on.year
            - self.date_of_birth.year
            - ((on.month, on.day) < (self.date_of_birth.month, self.date_of_birth.day))
        )
        for upper, band in ((40, "under-40"), (50, "40-49"), (60, "50-59"), (70, "60-69")):
            if age < upper:
                return band
        return "70-plus"


@dataclass(frozen=True)
class DuplicateFlag:
    """Shown to coordinators on both referrals: they may be the same person."""

    referral_id: uuid.UUID  # the other referral
    matched_by: MatchedBy
    flagged_at: datetime


REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread on the phone


def new_reference_code() -> str:
    return "T2T-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


@dataclass
class Referral(Journey):
    """A referral and where it stands; the journey's rules are in `journey.py`."""

    id: uuid.UUID
    reference_code: str
    source: Source
    area: str
    person: Person | None
    consent_to_contact: bool
    received_at: datetime
    referrer: Referrer | None = None
    notes: str | None = None
    status: Status = Status.RECEIVED
    version: int = 1
    # Kept after erasure, for statistics: the district and band, never the postcode or age.
    postcode_district: str = ""
    age_band: str = ""
    person_id: uuid.UUID | None = None
    format_preference: FormatPreference | None = None
    accepted_at: datetime | None = None
    rejected_at: datetime | None = None
    rejection_reason: RejectionReason | None = None
    rejection_comment: str | None = None
    contacted_at: datetime | None = None
    attempts_made: int = 0
    failed_attempts: int = 0
    group_id: uuid.UUID | None = None
    placed_at: datetime | None = None
    joined_at: datetime | None = None
    attended_at: datetime | None = None
    closed_at: datetime | None = None
    close_outcome: CloseOutcome | None = None
    close_comment: str | None = None
    erased_at: datetime | None = None
    possible_duplicates: list[DuplicateFlag] = field(default_factory=list)
    events: list[ReferralEvent] = field(default_factory=list, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.person is not None:
            self.person_id = self.person.id
            self.postcode_district = self.postcode_district or self.person.postcode_district
            self.age_band = self.age_band or self.person.age_band(self.received_at.date())

    @classmethod
    def receive(
        cls,
        *,
        source: Source,
        area: str,
        person: Person,
        consent_to_contact: bool,
        received_at: datetime,
        referrer: Referrer | None = None,
        notes: str | None = None,
        format_preference: FormatPreference | None = None,
    ) -> Referral:
        if source is Source.GP and referrer is None:
            raise MissingReferrer("a GP referral needs the referring practice")
        referral = cls(
            id=uuid.uuid4(),
            reference_code=new_reference_code(),
            source=source,
            area=area,
            person=person,
            consent_to_contact=consent_to_contact,
            received_at=received_at,
            referrer=referrer,
            notes=notes,
            format_preference=format_preference,
        )
        referral.events.append(Received(referral.id))
        return referral

    @property
    def is_open(self) -> bool:
        return self.status not in (Status.REJECTED, Status.CLOSED)

    def erase_person(self, at: datetime) -> None:
        """Forget who it was and anything typed about them; keep what statistics need."""
        self.person = None
        self.notes = self.rejection_comment = self.close_comment = None
        self.erased_at = at
        self.version += 1

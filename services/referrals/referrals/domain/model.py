"""The referral: who was referred, by whom, and where it stands."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class Source(StrEnum):
    GP = "gp"
    SELF = "self"
    HEALTH_PROFESSIONAL = "health_professional"
    COMMUNITY = "community"


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


class Status(StrEnum):
    RECEIVED = "received"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    CONTACTED = "contacted"
    PLACED = "placed"
    JOINED = "joined"
    ATTENDED = "attended"
    CLOSED = "closed"


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


@dataclass
class Referrer:
    """A referring organisation, a GP practice by its ODS code."""

    id: uuid.UUID
    ods_code: str
    name: str
    area: str
    email: str | None = None


REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread on the phone


def new_reference_code() -> str:
    return "T2T-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


@dataclass
class Referral:
    id: uuid.UUID
    reference_code: str
    source: Source
    area: str
    person: Person
    consent_to_contact: bool
    received_at: datetime
    referrer: Referrer | None = None
    notes: str | None = None
    status: Status = Status.RECEIVED
    version: int = 1
    events: list[object] = field(default_factory=list, repr=False)

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
    ) -> Referral:
        if source is Source.GP and referrer is None:
            raise MissingReferrer("a GP referral needs the referring practice")
        return cls(
            id=uuid.uuid4(),
            reference_code=new_reference_code(),
            source=source,
            area=area,
            person=person,
            consent_to_contact=consent_to_contact,
            received_at=received_at,
            referrer=referrer,
            notes=notes,
        )


class ReferralError(Exception):
    """A rule of the referral journey was broken."""


class MissingReferrer(ReferralError):
    pass

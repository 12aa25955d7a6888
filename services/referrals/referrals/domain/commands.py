"""What callers ask the referrals service to do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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
    ods_code: str
    name: str
    email: str | None = None


@dataclass(frozen=True)
class ReceiveReferral:
    source: Source
    area: str
    person: PersonDetails
    consent_to_contact: bool
    referrer: ReferrerDetails | None = None
    notes: str | None = None
    caller: str = "anonymous"
    idempotency_key: str | None = None
    request_hash: str | None = None

"""Our tolerant view of other services' records: only the fields notifications reads."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from t2t_shared.events import ConsumedEvent


class ReferralReceived(ConsumedEvent):
    referral_id: UUID
    person_id: UUID
    reference_code: str
    source: str
    area: str
    referrer_id: UUID | None = None
    ods_code: str | None = None
    consent_to_contact: bool
    received_at: datetime


class PersonContact(ConsumedEvent):
    person_id: UUID
    given_name: str
    email: str | None = None
    mobile: str | None = None
    preferred_channel: str = "email"
    consent_to_contact: bool = False


class ReferrerContact(ConsumedEvent):
    referrer_id: UUID
    ods_code: str
    name: str
    email: str | None = None

# Over 200 lines: every upstream model notifications reads, side by side, so a field's reader
# and its siblings are checked against the contract in one place.
"""Our tolerant view of other services' records: only the fields notifications reads.

Field names follow docs/events.md; anything else a publisher adds is ignored.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar
from uuid import UUID

from t2t_shared.events import ConsumedEvent

# --- referrals: t2t.referrals.events ------------------------------------------------


class ReferralReceived(ConsumedEvent):
    """v1 and v2: v2 has no reference code (it comes on PersonContact instead)."""

    referral_id: UUID
    person_id: UUID
    reference_code: str | None = None
    source: str
    area: str
    referrer_id: UUID | None = None
    ods_code: str | None = None
    consent_to_contact: bool
    received_at: datetime
    snomed_code: str | None = None


class ReferralAccepted(ConsumedEvent):
    referral_id: UUID
    person_id: UUID
    area: str
    accepted_at: datetime
    outcome_snomed_code: str | None = None


class ReferralRejected(ConsumedEvent):
    referral_id: UUID
    person_id: UUID
    area: str
    reason: str
    rejected_at: datetime
    outcome_snomed_code: str | None = None


class ContactAttempted(ConsumedEvent):
    referral_id: UUID
    person_id: UUID
    area: str
    channel: str
    outcome: str
    recorded_by: str
    attempted_at: datetime


# --- groups: t2t.groups.events --------------------------------------------------------


class GroupCreated(ConsumedEvent):
    group_id: UUID
    area: str
    name: str
    format: str
    venue_name: str | None = None
    venue_address: str | None = None
    postcode_district: str | None = None
    joining_link: str | None = None
    schedule_text: str
    capacity: int
    facilitator_ids: list[UUID] = []


class FacilitatorAssigned(ConsumedEvent):
    group_id: UUID
    volunteer_id: UUID
    area: str
    group_name: str
    format: str
    schedule_text: str
    venue_name: str | None = None
    postcode_district: str | None = None


class SessionScheduled(ConsumedEvent):
    group_id: UUID
    session_id: UUID
    area: str
    starts_at: datetime
    ends_at: datetime
    venue_name: str | None = None
    joining_link: str | None = None


class SessionCancelled(ConsumedEvent):
    group_id: UUID
    session_id: UUID
    area: str
    starts_at: datetime


class SessionRescheduled(ConsumedEvent):
    group_id: UUID
    session_id: UUID
    area: str
    previous_starts_at: datetime
    starts_at: datetime
    ends_at: datetime


class PlaceOffered(ConsumedEvent):
    referral_id: UUID
    person_id: UUID
    group_id: UUID
    area: str
    group_name: str
    format: str
    venue_name: str | None = None
    venue_address: str | None = None
    joining_link: str | None = None
    first_session_at: datetime | None = None
    offer_expires_at: datetime


class MemberWaitlisted(ConsumedEvent):
    referral_id: UUID
    person_id: UUID
    area: str
    position: int


class MemberJoined(ConsumedEvent):
    referral_id: UUID
    person_id: UUID
    group_id: UUID
    area: str
    group_name: str
    first_session_at: datetime | None = None


class MemberMoved(ConsumedEvent):
    referral_id: UUID
    person_id: UUID
    from_group_id: UUID
    group_id: UUID
    area: str


class MemberLeft(ConsumedEvent):
    referral_id: UUID
    person_id: UUID
    group_id: UUID
    area: str


# --- volunteers: t2t.volunteers.events ------------------------------------------------


class VolunteerEvent(ConsumedEvent):
    """VolunteerApplied, ScreeningStarted: nothing needed beyond who and where."""

    volunteer_id: UUID
    area: str


class VolunteerScreened(VolunteerEvent):
    dbs_renewal_due: date | None = None


class TrainingStarted(VolunteerEvent):
    course: str


class FacilitatorTrained(VolunteerEvent):
    course: str
    valid_until: date


class RenewalDue(VolunteerEvent):
    check: str
    expires_on: date
    days_left: int


# --- contacts topics (restricted) -------------------------------------------------------
# Read raw from the contacts topics (a tombstone is an erasure), then parsed by CE_TYPE.
# The events above are parsed for the rules (`service_layer/rules`), which name their types.


class PersonContact(ConsumedEvent):
    CE_TYPE: ClassVar[str] = "t2t.referrals.PersonContact.v1"
    # Strictly increasing per person within its owner; 0 from producers without it.
    version: int = 0
    person_id: UUID
    given_name: str
    email: str | None = None
    mobile: str | None = None
    preferred_channel: str = "email"
    consent_to_contact: bool = False
    reference_code: str | None = None


class ReferrerContact(ConsumedEvent):
    CE_TYPE: ClassVar[str] = "t2t.referrals.ReferrerContact.v1"
    # Strictly increasing per person within its owner; 0 from producers without it.
    version: int = 0
    referrer_id: UUID
    ods_code: str
    name: str
    email: str | None = None


class VolunteerContact(ConsumedEvent):
    CE_TYPE: ClassVar[str] = "t2t.volunteers.VolunteerContact.v1"
    # Strictly increasing per person within its owner; 0 from producers without it.
    version: int = 0
    volunteer_id: UUID
    given_name: str
    email: str | None = None
    mobile: str | None = None
    preferred_channel: str = "email"
    consent_to_contact: bool = False
    supervisor_name: str | None = None
    supervisor_role: str | None = None
    supervisor_organisation: str | None = None

"""Our tolerant view of other services' events: only the fields groups reads."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar, Literal
from uuid import UUID

from t2t_shared.events import ConsumedEvent

REFERRAL_ACCEPTED = "t2t.referrals.ReferralAccepted.v1"
REFERRAL_CLOSED = "t2t.referrals.ReferralClosed.v1"
FACILITATOR_TRAINED = "t2t.volunteers.FacilitatorTrained.v1"
TRAINING_EXPIRED = "t2t.volunteers.TrainingExpired.v1"
VOLUNTEER_SCREENED = "t2t.volunteers.VolunteerScreened.v1"
VOLUNTEER_PAUSED = "t2t.volunteers.VolunteerPaused.v1"
VOLUNTEER_RESUMED = "t2t.volunteers.VolunteerResumed.v1"
VOLUNTEER_LEFT = "t2t.volunteers.VolunteerLeft.v1"


class ReferralAccepted(ConsumedEvent):
    CE_TYPE: ClassVar[str] = REFERRAL_ACCEPTED
    referral_id: UUID
    person_id: UUID
    area: str
    postcode_district: str | None = None
    format_preference: Literal["in_person", "online"] | None = None
    received_at: datetime
    accepted_at: datetime


class ReferralClosed(ConsumedEvent):
    CE_TYPE: ClassVar[str] = REFERRAL_CLOSED
    referral_id: UUID
    outcome: str
    # The person's data was erased: their placement ends whatever its state.
    erased: bool = False


class VolunteerEvent(ConsumedEvent):
    """What groups reads of every volunteer event: who and where."""

    volunteer_id: UUID
    area: str


class FacilitatorTrained(VolunteerEvent):
    CE_TYPE: ClassVar[str] = FACILITATOR_TRAINED
    course: str
    completed_at: datetime
    valid_until: date


class TrainingExpired(VolunteerEvent):
    CE_TYPE: ClassVar[str] = TRAINING_EXPIRED
    check: Literal["training", "dbs"]


class VolunteerScreened(VolunteerEvent):
    CE_TYPE: ClassVar[str] = VOLUNTEER_SCREENED


class VolunteerPaused(VolunteerEvent):
    CE_TYPE: ClassVar[str] = VOLUNTEER_PAUSED


class VolunteerResumed(VolunteerEvent):
    CE_TYPE: ClassVar[str] = VOLUNTEER_RESUMED


class VolunteerLeft(VolunteerEvent):
    CE_TYPE: ClassVar[str] = VOLUNTEER_LEFT

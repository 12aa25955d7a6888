"""What volunteers publishes on `t2t.volunteers.events` (public: no personal data)."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from t2t_shared.events import IntegrationEvent

Course = Literal["core_facilitator", "refresher"]
CheckKind = Literal["training", "dbs"]
STAGES = Literal["applied", "screening", "training", "trained", "active", "paused"]


class VolunteerEvent(IntegrationEvent):
    service: ClassVar[str] = "volunteers"
    subject_field: ClassVar[str] = "volunteer_id"

    volunteer_id: UUID = Field(
        description="The volunteer's id, also the record key",
        examples=["7d1c2b9e-3f4a-4c5d-8e6f-0a1b2c3d4e5f"],
    )
    area: str = Field(description="Commissioning area of the volunteer", examples=["leeds"])


class Availability(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    day: Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] = (
        Field(description="Day of the week", examples=["tuesday"])
    )
    part_of_day: Literal["morning", "afternoon", "evening"] = Field(
        description="Part of that day", examples=["evening"]
    )


class VolunteerApplied(VolunteerEvent):
    """A public application to become a facilitator arrived."""

    applied_at: datetime = Field(description="When (UTC)", examples=["2026-11-26T09:30:00Z"])
    lived_experience: bool = Field(
        description="The applicant lives with type 2 diabetes", examples=[True]
    )
    availability: list[Availability] = Field(
        description="When the applicant could lead a group",
        examples=[[{"day": "tuesday", "part_of_day": "evening"}]],
    )


class ScreeningStarted(VolunteerEvent):
    """References and a DBS check were requested."""

    started_at: datetime = Field(description="When (UTC)", examples=["2026-11-27T10:00:00Z"])


class VolunteerScreened(VolunteerEvent):
    """Both references are satisfactory and the DBS check is complete."""

    screened_at: datetime = Field(description="When (UTC)", examples=["2026-12-15T14:00:00Z"])
    dbs_level: Literal["basic", "standard", "enhanced"] = Field(
        description="Level of the DBS check", examples=["enhanced"]
    )
    dbs_renewal_due: date = Field(
        description="When the DBS check must be renewed", examples=["2029-12-01"]
    )


class TrainingStarted(VolunteerEvent):
    """The volunteer started a course."""

    course: Course = Field(description="Which course", examples=["core_facilitator"])
    started_at: datetime = Field(description="When (UTC)", examples=["2027-01-10T09:00:00Z"])


class FacilitatorTrained(VolunteerEvent):
    """A course was completed: the facilitator may lead groups until `valid_until`."""

    course: Course = Field(
        description="core_facilitator the first time, refresher for a renewal",
        examples=["core_facilitator"],
    )
    completed_at: datetime = Field(
        description="When the course was completed (UTC)", examples=["2027-02-14T00:00:00Z"]
    )
    valid_until: date = Field(description="Eligible to lead until", examples=["2029-02-14"])


class RenewalDue(VolunteerEvent):
    """Reminder: the training or DBS check expires soon (sent once per expiry date)."""

    check: CheckKind = Field(description="What expires", examples=["training"])
    expires_on: date = Field(description="When it expires", examples=["2029-02-14"])
    days_left: int = Field(description="Days until it expires", examples=[30])


class TrainingExpired(VolunteerEvent):
    """Training or DBS check expired: not eligible to lead until renewed."""

    check: CheckKind = Field(description="What expired", examples=["dbs"])
    expired_on: date = Field(description="When it expired", examples=["2029-02-14"])


class VolunteerActivated(VolunteerEvent):
    """The facilitator leads a group (on groups' FacilitatorAssigned)."""

    group_id: UUID = Field(
        description="The group they lead", examples=["2f0e8c7a-1b2c-4d3e-9f4a-5b6c7d8e9f00"]
    )
    activated_at: datetime = Field(description="When (UTC)", examples=["2027-03-01T12:00:00Z"])


class VolunteerPaused(VolunteerEvent):
    """Not eligible to lead while paused."""

    paused_at: datetime = Field(description="When (UTC)", examples=["2027-06-01T12:00:00Z"])
    until: date | None = Field(description="Expected return, if known", examples=["2027-09-01"])


class VolunteerResumed(VolunteerEvent):
    """Back from a pause: eligible again if training and DBS are valid."""

    resumed_at: datetime = Field(description="When (UTC)", examples=["2027-09-01T12:00:00Z"])


class VolunteerLeft(VolunteerEvent):
    """The volunteer left the pipeline or stopped facilitating."""

    reason: Literal["did_not_start", "not_suitable", "moved", "resigned", "other"] = Field(
        description="Coded reason", examples=["moved"]
    )
    stage_left_from: STAGES = Field(description="The stage they left from", examples=["active"])
    left_at: datetime = Field(description="When (UTC)", examples=["2027-10-01T12:00:00Z"])


PUBLISHED: tuple[type[IntegrationEvent], ...] = (
    VolunteerApplied,
    ScreeningStarted,
    VolunteerScreened,
    TrainingStarted,
    FacilitatorTrained,
    RenewalDue,
    TrainingExpired,
    VolunteerActivated,
    VolunteerPaused,
    VolunteerResumed,
    VolunteerLeft,
)
"""Every event type on `t2t.volunteers.events`: the contract generator reads this."""

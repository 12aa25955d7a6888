"""The referral journey's events on `t2t.referrals.events` (key = referral id; no personal data)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal
from uuid import UUID

from pydantic import Field

from t2t_shared.events import IntegrationEvent

Source = Literal["gp", "self", "health_professional", "community"]
FormatPreference = Literal["in_person", "online"]


class ReferralEvent(IntegrationEvent):
    service: ClassVar[str] = "referrals"
    subject_field: ClassVar[str] = "referral_id"

    referral_id: UUID = Field(
        description="The referral's id, also the record key",
        examples=["0b6f5f0e-5d2a-4a8e-9d55-2f5bb1d3c7a1"],
    )
    area: str = Field(description="Commissioning area of the referral", examples=["leeds"])
    person_id: UUID = Field(
        description="Opaque id of the person; their contact details are on the contacts topic",
        examples=["5a4e0a0b-8f0f-4f7e-9a44-6a2b1c9d0e11"],
    )


class ReferralAccepted(ReferralEvent):
    """Triaged in: groups offers the person a place."""

    source: Source = Field(description="Where the referral came from", examples=["gp"])
    postcode_district: str = Field(description="Outward code, for distance", examples=["LS6"])
    format_preference: FormatPreference | None = Field(
        None, description="In-person or online group, if the person said", examples=["online"]
    )
    received_at: datetime = Field(description="When it arrived", examples=["2026-11-26T09:30:00Z"])
    accepted_at: datetime = Field(description="When triaged in", examples=["2026-11-26T11:00:00Z"])
    outcome_snomed_code: str | None = Field(
        None,
        description="SNOMED CT concept a GP system can file: 871731000000106 |Referral to "
        "social prescribing service| (the person's referral was taken on)",
        examples=["871731000000106"],
    )


class ReferralRejected(ReferralEvent):
    """Triaged out with a coded reason (the coordinator's comment stays in referrals)."""

    source: Source = Field(description="Where the referral came from", examples=["gp"])
    reason: Literal["ineligible", "out_of_area", "duplicate", "declined_by_person", "other"] = (
        Field(description="Why it was rejected", examples=["out_of_area"])
    )
    rejected_at: datetime = Field(description="When", examples=["2026-11-26T11:00:00Z"])
    outcome_snomed_code: str | None = Field(
        None,
        description="SNOMED CT concept a GP system can file for this outcome: 871711000000103 "
        "|Social prescribing declined| when the person declined; otherwise null (no "
        "verified concept fits)",
        examples=[None],
    )


class ContactAttempted(ReferralEvent):
    """One try to reach the person, by a coordinator or a message that could not be sent."""

    attempt_number: int = Field(description="1 for the first try", examples=[2])
    channel: Literal["phone", "sms", "email", "letter"] = Field(
        description="How the person was tried", examples=["phone"]
    )
    outcome: Literal["reached", "no_answer", "left_message", "wrong_number"] = Field(
        description="What happened; `reached` is a contact", examples=["no_answer"]
    )
    recorded_by: Literal["coordinator", "notification_failure"] = Field(
        description="A coordinator, or notifications' NotificationFailed", examples=["coordinator"]
    )
    attempted_at: datetime = Field(
        description="When the attempt was made (UTC)", examples=["2026-11-27T10:15:00Z"]
    )


class ReferralContacted(ReferralEvent):
    """The person was reached for the first time: how long it took, against the target."""

    source: Source = Field(description="Where the referral came from", examples=["gp"])
    received_at: datetime = Field(
        description="When the referral was received (UTC)", examples=["2026-11-26T09:30:00Z"]
    )
    contacted_at: datetime = Field(
        description="When the person was first reached (UTC)", examples=["2026-11-27T10:15:00Z"]
    )
    seconds_to_first_contact: int = Field(description="Elapsed seconds", examples=[89100])
    working_days_to_first_contact: int = Field(
        description="Working days (England and Wales bank holidays excluded) after the day "
        "it arrived, up to the day of contact",
        examples=[1],
    )
    within_target: bool = Field(
        description="Contacted within the contact target (working days)", examples=[True]
    )


class GroupStageEvent(ReferralEvent):
    group_id: UUID = Field(
        description="The group, from groups' event",
        examples=["7d1c2b3a-4e5f-4a6b-9c8d-0e1f2a3b4c5d"],
    )
    at: datetime = Field(description="When it happened", examples=["2026-12-01T18:30:00Z"])


class ReferralPlaced(GroupStageEvent):
    """Groups offered the person a place (PlaceOffered)."""


class ReferralJoined(GroupStageEvent):
    """The person accepted the place (MemberJoined)."""


class ReferralAttended(GroupStageEvent):
    """The person attended their first session (first AttendanceRecorded present)."""


class ReferralClosed(ReferralEvent):
    """The referral ended with a coded outcome."""

    outcome: Literal[
        "unreachable", "declined_by_person", "completed", "no_longer_eligible", "other"
    ] = Field(description="Why the referral ended", examples=["unreachable"])
    closed_at: datetime = Field(
        description="When it was closed (UTC)", examples=["2026-12-03T16:00:00Z"]
    )
    erased: bool = Field(
        False,
        description="True when the referral was closed because the person's data was erased "
        "on request (the outcome is then `other`): a subscriber deletes what it keeps about "
        "the person and the referral's placement",
        examples=[False],
    )
    outcome_snomed_code: str | None = Field(
        None,
        description="SNOMED CT concept a GP system can file for this outcome: 871711000000103 "
        "|Social prescribing declined| when the person declined; otherwise null (no "
        "verified concept fits)",
        examples=[None],
    )

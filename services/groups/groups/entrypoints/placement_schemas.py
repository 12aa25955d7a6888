"""The HTTP shapes of placements, waiting lists, sessions, registers and figures."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from groups.domain.attendance import Attendance
from groups.domain.model import Format
from groups.domain.placement import LeaveReason, Placement, PlacementStatus
from groups.domain.sessions import Session, SessionStatus

CancelReason = Literal[
    "facilitator_unavailable", "venue_unavailable", "weather", "holiday", "group_closed", "other"
]


class Closed(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class LeaveIn(Closed):
    reason: LeaveReason = Field(examples=["moved_away"])


class MoveIn(Closed):
    group_id: UUID = Field(description="A group of the same area with a free place")


class PlacementPublic(BaseModel):
    referral_id: UUID
    person_id: UUID
    area: str = Field(examples=["leeds"])
    status: PlacementStatus = Field(examples=["offered"])
    group_id: UUID | None
    postcode_district: str | None = Field(examples=["LS6"])
    format_preference: Format | None
    received_at: datetime
    waiting_since: datetime | None
    offered_at: datetime | None
    offer_expires_at: datetime | None
    distance_km: float | None = Field(examples=[1.8])
    joined_at: datetime | None
    left_at: datetime | None
    left_reason: LeaveReason | None

    @classmethod
    def of(cls, p: Placement) -> PlacementPublic:
        return cls(
            referral_id=p.referral_id,
            person_id=p.person_id,
            area=p.area,
            status=p.status,
            group_id=p.group_id,
            postcode_district=p.postcode_district,
            format_preference=p.format_preference,
            received_at=p.received_at,
            waiting_since=p.waiting_since,
            offered_at=p.offered_at,
            offer_expires_at=p.offer_expires_at,
            distance_km=p.distance_km,
            joined_at=p.joined_at,
            left_at=p.left_at,
            left_reason=p.left_reason,
        )


class WaitingPublic(BaseModel):
    position: int = Field(description="1 = offered the next place that fits", examples=[1])
    referral_id: UUID
    person_id: UUID
    postcode_district: str | None = Field(examples=["LS6"])
    format_preference: Format | None
    received_at: datetime = Field(description="The list's order: first referred, first offered")
    waiting_since: datetime | None


class SessionPublic(BaseModel):
    id: UUID
    group_id: UUID
    starts_at: datetime
    ends_at: datetime
    status: SessionStatus = Field(examples=["scheduled"])
    cancel_reason: str | None

    @classmethod
    def of(cls, s: Session) -> SessionPublic:
        return cls(
            id=s.id,
            group_id=s.group_id,
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            status=s.status,
            cancel_reason=s.cancel_reason,
        )


class SessionCancel(Closed):
    reason: CancelReason | None = Field(None, examples=["venue_unavailable"])


class HeldSessionIn(Closed):
    starts_at: AwareDatetime = Field(
        description="When it started, with its UTC offset; not in the future",
        examples=["2026-11-24T18:30:00Z"],
    )
    duration_minutes: int | None = Field(
        None, ge=15, le=600, description="Default: the schedule's length", examples=[90]
    )


class SessionReschedule(Closed):
    starts_at: AwareDatetime = Field(
        description="New start, with its UTC offset; the length stays",
        examples=["2026-12-15T18:30:00Z"],
    )


class RegisterLineIn(Closed):
    referral_id: UUID = Field(examples=["0b6f5f0e-5d2a-4a8e-9d55-2f5bb1d3c7a1"])
    attendance: Attendance = Field(examples=["present"])


class RegisterLinePublic(BaseModel):
    referral_id: UUID
    person_id: UUID
    attendance: Attendance
    first_attended: bool
    regular_attender: bool


class RegisterPublic(BaseModel):
    session_id: UUID
    lines: list[RegisterLinePublic]


class StatsPublic(BaseModel):
    area: str = Field(examples=["leeds"])
    groups_by_status: dict[str, int] = Field(
        examples=[{"planned": 1, "open": 4, "full": 2, "closed": 0}]
    )
    capacity: int = Field(description="Places in open and full groups", examples=[72])
    members: int = Field(examples=[61])
    offers_pending: int = Field(examples=[5])
    free_places: int = Field(examples=[6])
    waiting: int = Field(description="People on the area's waiting list", examples=[3])
    groups_without_facilitator: int = Field(examples=[0])
    placements_by_status: dict[str, int] = Field(
        examples=[{"member": 61, "offered": 5, "waiting": 3, "declined": 2, "left": 4}]
    )

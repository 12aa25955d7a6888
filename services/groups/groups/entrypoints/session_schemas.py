"""The HTTP shapes of sessions and their registers."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, Field

from groups.domain.attendance import Attendance
from groups.domain.sessions import Session, SessionStatus
from t2t_shared.http.models import Closed

CancelReason = Literal[
    "facilitator_unavailable", "venue_unavailable", "weather", "holiday", "group_closed", "other"
]


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

"""The HTTP shapes of placements and waiting lists."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field

from groups.domain.model import Format
from groups.domain.placement import LeaveReason, Placement, PlacementStatus
from t2t_shared.http.models import Closed


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

"""The HTTP shapes of the notification history: a message with its attempts, and counts."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from notifications.domain.model import Notification

StatusName = Literal[
    "pending", "sending", "sent", "delivered", "failed", "cancelled", "outcome_unknown"
]


class AttemptPublic(BaseModel):
    attempted_at: datetime
    provider: str | None = Field(examples=["smtp"])
    outcome: str = Field(examples=["sent"])
    provider_message_id: str | None
    error: str | None = Field(examples=[None])


class NotificationPublic(BaseModel):
    """A notification without its address or content: those stay in the directory."""

    id: UUID
    subject_id: str = Field(examples=["0b6f5f0e-5d2a-4a8e-9d55-2f5bb1d3c7a1"])
    cause_event_id: str
    cause_type: str = Field(examples=["t2t.referrals.ReferralReceived.v1"])
    recipient_id: UUID
    recipient_kind: str = Field(examples=["person"])
    template: str = Field(examples=["referral_acknowledgement"])
    category: str = Field(examples=["service"])
    channel: str | None = Field(description="Chosen when sent", examples=["sms"])
    status: str = Field(examples=["sent"])
    area: str = Field(examples=["leeds"])
    created_at: datetime
    due_at: datetime = Field(description="When it is (or was) to be sent")
    sent_at: datetime | None
    delivered_at: datetime | None
    last_error: str | None = Field(examples=[None])
    attempts: list[AttemptPublic]

    @classmethod
    def of(cls, n: Notification, attempts: list[dict[str, Any]]) -> NotificationPublic:
        return cls(
            id=n.id,
            subject_id=n.subject_id,
            cause_event_id=n.cause_event_id,
            cause_type=n.cause_type,
            recipient_id=n.recipient_id,
            recipient_kind=n.recipient_kind,
            template=n.template,
            category=n.category.value,
            channel=n.channel.value if n.channel else None,
            status=n.status.value,
            area=n.area,
            created_at=n.created_at,
            due_at=n.due_at,
            sent_at=n.sent_at,
            delivered_at=n.delivered_at,
            last_error=n.last_error,
            attempts=[AttemptPublic.model_validate(a) for a in attempts],
        )


class StatsRow(BaseModel):
    status: str = Field(examples=["sent"])
    channel: str | None = Field(examples=["email"])
    count: int = Field(examples=[42])


class Stats(BaseModel):
    by_status: dict[str, int] = Field(examples=[{"sent": 40, "pending": 2}])
    by_channel: dict[str, int] = Field(examples=[{"email": 30, "sms": 12}])
    rows: list[StatsRow]

"""Operations API: what was sent to whom (by id), when, and how it went."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from notifications.bootstrap import Container
from notifications.domain.model import Notification
from t2t_shared.auth import Principal
from t2t_shared.http.errors import STANDARD_ERRORS
from t2t_shared.http.security import require_roles

router = APIRouter(tags=["notifications"], responses=STANDARD_ERRORS)

Operator = Annotated[Principal, Depends(require_roles("ops", "admin"))]


async def container(request: Request) -> Container:
    return request.app.state.container  # type: ignore[no-any-return]


Deps = Annotated[Container, Depends(container)]


class AttemptPublic(BaseModel):
    attempted_at: datetime
    provider: str | None
    outcome: str = Field(examples=["sent"])
    provider_message_id: str | None
    error: str | None


class NotificationPublic(BaseModel):
    """A notification without its address or content: those stay in the directory."""

    id: UUID
    subject_id: str = Field(examples=["0b6f5f0e-5d2a-4a8e-9d55-2f5bb1d3c7a1"])
    cause_event_id: str
    cause_type: str = Field(examples=["t2t.referrals.ReferralReceived.v1"])
    recipient_id: UUID
    recipient_kind: str = Field(examples=["person"])
    template: str = Field(examples=["referral_acknowledgement"])
    channel: str | None = Field(examples=["sms"])
    status: str = Field(examples=["sent"])
    created_at: datetime
    due_at: datetime
    sent_at: datetime | None
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
            channel=n.channel.value if n.channel else None,
            status=n.status.value,
            created_at=n.created_at,
            due_at=n.due_at,
            sent_at=n.sent_at,
            attempts=[AttemptPublic.model_validate(a) for a in attempts],
        )


@router.get(
    "/notifications",
    response_model=list[NotificationPublic],
    summary="Notifications with every attempt, newest first",
    description=(
        "For operations (`ops`, `admin`): what was sent about a subject (e.g. a referral id), "
        "by which channel and template, and every attempt with the provider's answer. "
        "Addresses and message content are never shown."
    ),
)
async def list_notifications(
    _: Operator,
    deps: Deps,
    subject_id: Annotated[
        str | None, Query(max_length=100, description="e.g. a referral id")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[NotificationPublic]:
    async with deps.uow() as uow:
        found = await uow.notifications.list(subject_id=subject_id, limit=limit)
    return [NotificationPublic.of(n, attempts) for n, attempts in found]

"""Operations API: what was sent to whom (by id), when, and how it went."""

from __future__ import annotations

from datetime import UTC
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, HTTPException, Query

from notifications.domain.model import NotificationFilter
from notifications.entrypoints.deps import Deps, Operator, Staff
from notifications.entrypoints.notifications_schemas import (
    NotificationPublic,
    Stats,
    StatsRow,
    StatusName,
)
from notifications.service_layer import history
from t2t_shared.http.errors import STANDARD_ERRORS, Problem
from t2t_shared.http.security import require_area
from t2t_shared.http.types import StrictDateTime

router = APIRouter(tags=["notifications"], responses=STANDARD_ERRORS)


def invalid(field: str, reason: str, kind: str) -> HTTPException:
    error = {"field": field, "reason": reason, "type": kind}
    return HTTPException(422, {"detail": "The request is not valid", "errors": [error]})


@router.get(
    "/notifications",
    response_model=list[NotificationPublic],
    summary="Notifications with every attempt, newest first",
    description=(
        "For operations (`ops`, `admin`): what was sent about a subject (e.g. a referral id), "
        "by which channel and template, and every attempt with the provider's answer. "
        "Addresses and message content are never shown. A `coordinator` must name the "
        "`subject_id` and sees only that subject's messages in the token's areas (for a "
        "referral's timeline)."
    ),
)
async def list_notifications(
    principal: Staff,
    deps: Deps,
    status: StatusName | None = None,
    channel: Literal["email", "sms"] | None = None,
    template: Annotated[str | None, Query(max_length=100)] = None,
    subject: Annotated[str | None, Query(max_length=100, description="e.g. a referral id")] = None,
    subject_id: Annotated[
        str | None, Query(max_length=100, description="The same as `subject`")
    ] = None,
    since: Annotated[
        StrictDateTime | None,
        Query(description="Created at or after (UTC unless a zone is given)"),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[NotificationPublic]:
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=UTC)  # a time without a zone is read as UTC
    about = subject or subject_id
    if principal.role == "coordinator" and not about:
        raise invalid("subject_id", "a coordinator lists one subject's messages", "missing")
    wanted = NotificationFilter(status, channel, template, about, since, limit)
    found = await history.search(wanted, deps.uow())
    return [
        NotificationPublic.of(n, attempts) for n, attempts in found if principal.covers_area(n.area)
    ]


@router.get(
    "/notifications/stats",
    response_model=Stats,
    summary="How many notifications, by status and channel",
    description="Counts over every notification kept, for dashboards and alerts.",
)
async def notification_stats(_: Operator, deps: Deps) -> Stats:
    found = await history.counts(deps.uow())
    return Stats(
        by_status=found.by_status,
        by_channel=found.by_channel,
        rows=[StatsRow(status=s, channel=c, count=n) for s, c, n in found.rows],
    )


@router.get(
    "/notifications/{notification_id}",
    response_model=NotificationPublic,
    summary="One notification with every attempt",
    responses={404: {"model": Problem, "description": "No such notification"}},
)
async def get_notification(
    notification_id: UUID, principal: Operator, deps: Deps
) -> NotificationPublic:
    found = await history.one(notification_id, deps.uow())
    if found is None:
        raise HTTPException(404, f"No notification {notification_id}")
    require_area(principal, found[0].area)
    return NotificationPublic.of(*found)

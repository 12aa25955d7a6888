"""Kafka entrypoints: translate groups' and notifications' records into handler calls."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Protocol

from referrals import consumed_events as inbound
from referrals.domain.codes import Status
from referrals.service_layer import progress
from referrals.service_layer.policy import Policy
from referrals.service_layer.unit_of_work import UnitOfWork
from t2t_shared.kernel.event_meta import EventMeta
from t2t_shared.messaging.consumer import ReceivedEvent, Routes
from t2t_shared.messaging.failures import PermanentHandlerError
from t2t_shared.topics import Topics


class Container(Protocol):
    """What the subscribers need of the composition root (which builds them: no import back)."""

    @property
    def topics(self) -> Topics: ...
    @property
    def policy(self) -> Policy: ...
    def uow(self) -> UnitOfWork: ...


def _meta(event: ReceivedEvent, at: datetime | None = None) -> EventMeta:
    if event.ce is None:
        raise PermanentHandlerError("record has no CloudEvents envelope")
    ce = event.ce
    return EventMeta(ce.id, ce.source, ce.type, time=at or ce.time, subject=ce.subject)


def build_routes(container: Container) -> Routes:
    routes = Routes()
    groups = container.topics.events("groups")
    notifications = container.topics.events("notifications")

    @routes.on(groups, inbound.PLACE_OFFERED)
    async def place_offered(event: ReceivedEvent) -> None:
        e = event.parse(inbound.PlaceOffered)
        await _advance(container, event, Status.PLACED, e.referral_id, e.group_id, e.offered_at)

    @routes.on(groups, inbound.MEMBER_JOINED)
    async def member_joined(event: ReceivedEvent) -> None:
        e = event.parse(inbound.MemberJoined)
        await _advance(container, event, Status.JOINED, e.referral_id, e.group_id, None)

    @routes.on(groups, inbound.ATTENDANCE_RECORDED)
    async def attendance_recorded(event: ReceivedEvent) -> None:
        e = event.parse(inbound.AttendanceRecorded)
        if e.attendance != "present":
            return
        await _advance(
            container, event, Status.ATTENDED, e.referral_id, e.group_id, e.session_starts_at
        )

    @routes.on(notifications, inbound.NOTIFICATION_FAILED)
    async def notification_failed(event: ReceivedEvent) -> None:
        e = event.parse(inbound.NotificationFailed)
        referral_id = _uuid(e.subject_id)
        if e.recipient_kind != "person" or referral_id is None:
            return
        await progress.record_notification_failure(
            referral_id,
            e.channel,
            e.reason,
            _meta(event, e.failed_at),
            container.uow(),
            container.topics,
            container.policy,
            scope=e.scope,
        )

    return routes


async def _advance(
    container: Container,
    event: ReceivedEvent,
    to: Status,
    referral_id: uuid.UUID,
    group_id: uuid.UUID,
    at: datetime | None,
) -> None:
    meta = _meta(event, at)
    assert meta.time is not None
    await progress.advance(
        referral_id, to, group_id, meta.time, meta, container.uow(), container.topics
    )


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None

"""Kafka entrypoints: groups' and notifications' events, handed to the service layer."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime
from typing import Protocol

from referrals import consumed_events as inbound
from referrals.domain.codes import Status
from referrals.service_layer import progress
from referrals.service_layer.policy import Policy
from referrals.service_layer.unit_of_work import UnitOfWork
from t2t_shared.kernel.event_meta import EventMeta
from t2t_shared.messaging.routes import Routes
from t2t_shared.topics import Topics


class Container(Protocol):
    """What the subscribers need of the composition root (which builds them: no import back)."""

    @property
    def topics(self) -> Topics: ...
    @property
    def policy(self) -> Policy: ...
    def uow(self) -> UnitOfWork: ...


def build_routes(container: Container) -> Routes:
    routes = Routes(container.topics)

    @routes.on(inbound.PlaceOffered)
    async def place_offered(e: inbound.PlaceOffered, meta: EventMeta) -> None:
        await _advance(container, meta, Status.PLACED, e.referral_id, e.group_id, e.offered_at)

    @routes.on(inbound.MemberJoined)
    async def member_joined(e: inbound.MemberJoined, meta: EventMeta) -> None:
        await _advance(container, meta, Status.JOINED, e.referral_id, e.group_id, None)

    @routes.on(inbound.AttendanceRecorded)
    async def attendance_recorded(e: inbound.AttendanceRecorded, meta: EventMeta) -> None:
        if e.attendance != "present":
            return
        await _advance(
            container, meta, Status.ATTENDED, e.referral_id, e.group_id, e.session_starts_at
        )

    @routes.on(inbound.NotificationFailed)
    async def notification_failed(e: inbound.NotificationFailed, meta: EventMeta) -> None:
        referral_id = _uuid(e.subject_id)
        if e.recipient_kind != "person" or referral_id is None:
            return
        await progress.record_notification_failure(
            referral_id,
            e.channel,
            e.reason,
            _when(meta, e.failed_at),
            container.uow(),
            container.topics,
            container.policy,
            scope=e.scope,
        )

    return routes


def _when(meta: EventMeta, at: datetime | None) -> EventMeta:
    """The event's own time when it says when it happened; else when it was published."""
    return replace(meta, time=at or meta.time)


async def _advance(
    container: Container,
    meta: EventMeta,
    to: Status,
    referral_id: uuid.UUID,
    group_id: uuid.UUID,
    at: datetime | None,
) -> None:
    meta = _when(meta, at)
    assert meta.time is not None
    await progress.advance(
        referral_id, to, group_id, meta.time, meta, container.uow(), container.topics
    )


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None

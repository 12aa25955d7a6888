"""What was sent, for operations: notifications with their attempts, and counts."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from notifications.domain.model import Notification, NotificationFilter
from notifications.service_layer.unit_of_work import AttemptRows, UnitOfWork

Found = tuple[Notification, AttemptRows]


@dataclass(frozen=True)
class Counts:
    by_status: dict[str, int]
    by_channel: dict[str, int]
    # (status, channel, count) for every pair that has notifications.
    rows: list[tuple[str, str | None, int]]


async def search(wanted: NotificationFilter, uow: UnitOfWork) -> list[Found]:
    """Newest first, each with its attempts."""
    async with uow:
        return await uow.notifications.search(wanted)


async def one(notification_id: uuid.UUID, uow: UnitOfWork) -> Found | None:
    async with uow:
        return await uow.notifications.get(notification_id)


async def counts(uow: UnitOfWork) -> Counts:
    async with uow:
        rows = await uow.notifications.stats()
    by_status: dict[str, int] = {}
    by_channel: dict[str, int] = {}
    for status, channel, count in rows:
        by_status[status] = by_status.get(status, 0) + count
        key = channel or "none"
        by_channel[key] = by_channel.get(key, 0) + count
    return Counts(by_status, by_channel, rows)

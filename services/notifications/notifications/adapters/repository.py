"""Notifications and their attempts: planned once, claimed with SKIP LOCKED, listed for ops."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters import orm
from notifications.adapters.notification_rows import notification_of, row_of
from notifications.domain.model import (
    Attempt,
    Notification,
    NotificationFilter,
    Status,
)
from t2t_shared import driver

AttemptRows = list[dict[str, Any]]

# Planned rows go as one array per column, in one statement whatever their number.
PLANNED = (
    ("id", "uuid"), ("cause_event_id", "text"), ("cause_type", "text"),
    ("subject_id", "text"), ("recipient_id", "uuid"), ("recipient_kind", "text"),
    ("template", "text"), ("channel", "text"), ("status", "text"), ("data", "jsonb"),
    ("attempts", "int"), ("created_at", "timestamptz"), ("due_at", "timestamptz"),
    ("sent_at", "timestamptz"), ("last_error", "text"), ("area", "text"),
    ("category", "text"), ("unresolved_at", "timestamptz"),
)  # fmt: skip
# Built from the constants above only, never from input.
_INSERT = (  # noqa: S608
    "INSERT INTO notifications AS n ({names}) SELECT * FROM unnest({arrays})"
    " ON CONFLICT ON CONSTRAINT uq_notification_once "
).format(
    names=", ".join(name for name, _ in PLANNED),
    arrays=", ".join(f"${i}::{kind}[]" for i, (_, kind) in enumerate(PLANNED, 1)),
)
_ONCE = _INSERT + "DO NOTHING RETURNING n.id"
_REVIVE = _INSERT + (
    "DO UPDATE SET status = 'pending', due_at = excluded.due_at, data = excluded.data,"
    " last_error = NULL WHERE n.status = 'cancelled' RETURNING n.id"
)


class SqlNotifications:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_once(self, notifications: Sequence[Notification], *, revive: bool = False) -> int:
        """Insert those not yet there for their (event, recipient, template); how many were new.

        `revive`: a cancelled one with the same key becomes pending again (a member who left
        and came back, a session moved back to its first time).

        While the unit of work holds writes, those not revived are held, and the count is of
        those held: the statement still skips any already there when it is sent.
        """
        if not notifications:
            return 0
        rows = [row_of(x) for x in notifications]
        columns = [
            [driver.jsonb(row[name]) if kind == "jsonb" else row[name] for row in rows]
            for name, kind in PLANNED
        ]
        if not revive and driver.hold(self._session, _ONCE, columns):
            return len(rows)
        db = await driver.connection(self._session)
        inserted = await db.fetch(_REVIVE if revive else _ONCE, *columns)
        return len(inserted)

    async def add_new(self, notifications: Sequence[Notification]) -> set[uuid.UUID]:
        """Insert those not yet there for their key; the ids of those inserted."""
        if not notifications:
            return set()
        n = orm.notifications
        statement = insert(n).on_conflict_do_nothing(constraint="uq_notification_once")
        result = await self._session.execute(
            statement.returning(n.c.id), [row_of(x) for x in notifications]
        )
        return {row.id for row in result.all()}

    async def cancel_pending(
        self,
        *,
        template: str,
        reason: str,
        subject_id: str | None = None,
        recipient_id: uuid.UUID | None = None,
        key_prefix: str | None = None,
    ) -> int:
        n = orm.notifications
        query = sa.update(n).where(n.c.template == template, n.c.status == Status.PENDING.value)
        if subject_id is not None:
            query = query.where(n.c.subject_id == subject_id)
        if recipient_id is not None:
            query = query.where(n.c.recipient_id == recipient_id)
        if key_prefix is not None:
            query = query.where(n.c.cause_event_id.startswith(key_prefix, autoescape=True))
        result = await self._session.execute(
            query.values(status=Status.CANCELLED.value, last_error=reason)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def update(self, notifications: Sequence[Notification]) -> None:
        """Write back the state of many notifications in one statement."""
        if not notifications:
            return
        n = orm.notifications
        fields = ("status", "due_at", "sent_at", "last_error", "channel", "attempts")
        await self._session.execute(
            sa.update(n)
            .where(n.c.id == sa.bindparam("b_id"))
            .values({f: sa.bindparam(f"b_{f}") for f in fields}),
            [
                {"b_id": x.id} | {f"b_{f}": v for f, v in row_of(x).items() if f in fields}
                for x in notifications
            ],
        )

    async def record_attempts(self, attempts: Sequence[Attempt]) -> None:
        if attempts:
            await self._session.execute(
                sa.insert(orm.attempts), [dataclasses.asdict(a) for a in attempts]
            )

    async def lock(self, notification_id: uuid.UUID) -> Notification | None:
        """The notification, locked until the transaction ends (delivery receipts)."""
        n = orm.notifications
        row = (
            await self._session.execute(
                sa.select(n).where(n.c.id == notification_id).with_for_update()
            )
        ).first()
        return notification_of(row._mapping) if row is not None else None

    async def mark_delivered(self, notification_id: uuid.UUID, at: datetime) -> None:
        n = orm.notifications
        await self._session.execute(
            sa.update(n)
            .where(n.c.id == notification_id)
            .values(status=Status.DELIVERED.value, delivered_at=at)
        )

    async def get(self, notification_id: uuid.UUID) -> tuple[Notification, AttemptRows] | None:
        found = await self._with_attempts(
            sa.select(orm.notifications).where(orm.notifications.c.id == notification_id)
        )
        return next(iter(found), None)

    async def search(self, f: NotificationFilter) -> list[tuple[Notification, AttemptRows]]:
        n = orm.notifications
        query = sa.select(n).order_by(n.c.created_at.desc()).limit(f.limit)
        for column, value in (
            (n.c.status, f.status),
            (n.c.channel, f.channel),
            (n.c.template, f.template),
            (n.c.subject_id, f.subject_id),
        ):
            if value is not None:
                query = query.where(column == value)
        if f.since is not None:
            query = query.where(n.c.created_at >= f.since)
        return await self._with_attempts(query)

    async def stats(self) -> list[tuple[str, str | None, int]]:
        """(status, channel, count) for every pair that has notifications."""
        n = orm.notifications
        rows = await self._session.execute(
            sa.select(n.c.status, n.c.channel, sa.func.count())
            .group_by(n.c.status, n.c.channel)
            .order_by(n.c.status, n.c.channel)
        )
        return [(r[0], r[1], int(r[2])) for r in rows]

    async def _with_attempts(self, query: Any) -> list[tuple[Notification, AttemptRows]]:
        found = [notification_of(r._mapping) for r in (await self._session.execute(query)).all()]
        if not found:
            return []
        a = orm.attempts
        attempt_rows = (
            await self._session.execute(
                sa.select(a).where(a.c.notification_id.in_([f.id for f in found])).order_by(a.c.id)
            )
        ).all()
        by_id: dict[uuid.UUID, AttemptRows] = {}
        for row in attempt_rows:
            by_id.setdefault(row.notification_id, []).append(dict(row._mapping))
        return [(f, by_id.get(f.id, [])) for f in found]

"""Recipients directory and notifications, on one session."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters import orm
from notifications.domain.model import Attempt, Channel, Notification, Recipient, Status


class SqlRecipients:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, recipient_id: uuid.UUID) -> Recipient | None:
        row = (
            await self._session.execute(
                sa.select(orm.recipients).where(orm.recipients.c.id == recipient_id)
            )
        ).first()
        return _recipient(row) if row is not None else None

    async def lock(self, ids: Sequence[uuid.UUID]) -> None:
        """Serialise work on these recipients until the transaction ends.

        An event and its contact record can be handled at once (another partition, another
        replica): without this both could miss each other, the event parked as waiting
        after the contact looked for waiting events. Sorted, so two lockers never deadlock.
        """
        await self._session.execute(
            sa.text(
                "SELECT pg_advisory_xact_lock(hashtextextended(id, 0))"
                " FROM unnest(CAST(:ids AS text[])) AS id ORDER BY id"
            ),
            {"ids": sorted({str(i) for i in ids})},
        )

    async def get_many(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Recipient]:
        if not ids:
            return {}
        rows = (
            await self._session.execute(
                sa.select(orm.recipients).where(orm.recipients.c.id.in_(set(ids)))
            )
        ).all()
        return {row.id: _recipient(row) for row in rows}

    async def save(self, r: Recipient) -> None:
        values = {
            "kind": r.kind,
            "name": r.name,
            "email": r.email,
            "mobile": r.mobile,
            "preferred_channel": r.preferred_channel.value,
            "consent": r.consent,
            "updated_at": sa.func.now(),
        }
        await self._session.execute(
            insert(orm.recipients)
            .values(id=r.id, **values)
            .on_conflict_do_update(index_elements=[orm.recipients.c.id], set_=values)
        )

    async def erase(self, recipient_id: uuid.UUID) -> int:
        """Delete the record and cancel what was still to be sent; returns sends cancelled."""
        await self._session.execute(
            sa.delete(orm.recipients).where(orm.recipients.c.id == recipient_id)
        )
        n = orm.notifications
        result = await self._session.execute(
            sa.update(n)
            .where(n.c.recipient_id == recipient_id, n.c.status == Status.PENDING.value)
            .values(status=Status.CANCELLED.value, last_error="recipient erased")
        )
        return int(result.rowcount)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class WaitingEvent:
    cause_event_id: str
    cause_source: str
    cause_type: str
    payload: dict[str, Any]
    waiting_for: list[uuid.UUID]


class SqlWaitingEvents:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, event: WaitingEvent) -> None:
        await self._session.execute(
            insert(orm.waiting_events)
            .values(
                cause_event_id=event.cause_event_id,
                cause_source=event.cause_source,
                cause_type=event.cause_type,
                payload=event.payload,
                waiting_for=event.waiting_for,
            )
            .on_conflict_do_nothing()
        )

    async def take_waiting_for(self, recipient_id: uuid.UUID) -> list[WaitingEvent]:
        """Remove and return the events that wait for this recipient."""
        w = orm.waiting_events
        rows = (
            await self._session.execute(
                sa.delete(w).where(w.c.waiting_for.contains([recipient_id])).returning(w)
            )
        ).all()
        return [
            WaitingEvent(r.cause_event_id, r.cause_source, r.cause_type, r.payload, r.waiting_for)
            for r in rows
        ]


class SqlNotifications:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_once(self, notifications: Sequence[Notification]) -> int:
        """Insert those not yet there for their (event, recipient, template); how many were new."""
        if not notifications:
            return 0
        result = await self._session.execute(
            insert(orm.notifications)
            .values([_row(x) for x in notifications])
            .on_conflict_do_nothing(constraint="uq_notification_once")
            .returning(orm.notifications.c.id)
        )
        return len(result.all())

    async def claim_due(self, now: datetime, limit: int) -> list[Notification]:
        """Take due pending notifications for sending; other replicas skip the locked rows."""
        n = orm.notifications
        rows = (
            await self._session.execute(
                sa.select(n)
                .where(n.c.status == Status.PENDING.value, n.c.due_at <= now)
                .order_by(n.c.due_at)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        ).all()
        if not rows:
            return []
        ids = [r.id for r in rows]
        await self._session.execute(
            sa.update(n)
            .where(n.c.id.in_(ids))
            .values(status=Status.SENDING.value, attempts=n.c.attempts + 1, claimed_at=now)
        )
        claimed = [_notification(r._mapping) for r in rows]
        for c in claimed:
            c.status, c.attempts = Status.SENDING, c.attempts + 1
        return claimed

    async def take_abandoned(self, claimed_before: datetime) -> list[Notification]:
        """Sends whose sender died mid-send: the provider may or may not have the message."""
        n = orm.notifications
        rows = (
            await self._session.execute(
                sa.select(n)
                .where(n.c.status == Status.SENDING.value, n.c.claimed_at < claimed_before)
                .with_for_update(skip_locked=True)
            )
        ).all()
        # Marked here, in the claiming transaction, so no other replica settles them too.
        await self._session.execute(
            sa.update(n)
            .where(n.c.id.in_([r.id for r in rows]))
            .values(status=Status.FAILED.value, last_error="interrupted")
        )
        return [_notification(r._mapping) for r in rows]

    async def update(self, notifications: Sequence[Notification]) -> None:
        """Write back the state of many notifications in one statement."""
        if not notifications:
            return
        n = orm.notifications
        await self._session.execute(
            sa.update(n)
            .where(n.c.id == sa.bindparam("b_id"))
            .values(
                status=sa.bindparam("b_status"),
                due_at=sa.bindparam("b_due_at"),
                sent_at=sa.bindparam("b_sent_at"),
                last_error=sa.bindparam("b_last_error"),
            ),
            [
                {
                    "b_id": x.id,
                    "b_status": x.status.value,
                    "b_due_at": x.due_at,
                    "b_sent_at": x.sent_at,
                    "b_last_error": x.last_error,
                }
                for x in notifications
            ],
        )

    async def record_attempts(self, attempts: Sequence[Attempt]) -> None:
        if attempts:
            await self._session.execute(
                sa.insert(orm.attempts), [dataclasses.asdict(a) for a in attempts]
            )

    async def list(
        self, *, subject_id: str | None = None, limit: int = 100
    ) -> Sequence[tuple[Notification, list[dict[str, Any]]]]:
        n, a = orm.notifications, orm.attempts
        query = sa.select(n).order_by(n.c.created_at.desc()).limit(limit)
        if subject_id is not None:
            query = query.where(n.c.subject_id == subject_id)
        rows = (await self._session.execute(query)).all()
        found = [_notification(r._mapping) for r in rows]
        if not found:
            return []
        attempt_rows = (
            await self._session.execute(
                sa.select(a).where(a.c.notification_id.in_([f.id for f in found])).order_by(a.c.id)
            )
        ).all()
        by_id: dict[uuid.UUID, list[dict[str, Any]]] = {}
        for row in attempt_rows:
            by_id.setdefault(row.notification_id, []).append(dict(row._mapping))
        return [(f, by_id.get(f.id, [])) for f in found]


def _recipient(row: Any) -> Recipient:
    return Recipient(
        id=row.id,
        kind=row.kind,
        name=row.name,
        email=row.email,
        mobile=row.mobile,
        preferred_channel=Channel(row.preferred_channel),
        consent=row.consent,
    )


def _row(x: Notification) -> dict[str, Any]:
    return {
        "id": x.id,
        "cause_event_id": x.cause_event_id,
        "cause_type": x.cause_type,
        "subject_id": x.subject_id,
        "recipient_id": x.recipient_id,
        "recipient_kind": x.recipient_kind,
        "template": x.template,
        "channel": x.channel.value if x.channel else None,
        "status": x.status.value,
        "data": x.data,
        "attempts": x.attempts,
        "created_at": x.created_at,
        "due_at": x.due_at,
        "sent_at": x.sent_at,
        "last_error": x.last_error,
    }


def _notification(m: Any) -> Notification:
    c = orm.notifications.c
    return Notification(
        id=m[c.id],
        cause_event_id=m[c.cause_event_id],
        cause_type=m[c.cause_type],
        subject_id=m[c.subject_id],
        recipient_id=m[c.recipient_id],
        recipient_kind=m[c.recipient_kind],
        template=m[c.template],
        channel=Channel(m[c.channel]) if m[c.channel] else None,
        status=Status(m[c.status]),
        data=m[c.data],
        created_at=m[c.created_at],
        due_at=m[c.due_at],
        attempts=m[c.attempts],
        sent_at=m[c.sent_at],
        last_error=m[c.last_error],
    )

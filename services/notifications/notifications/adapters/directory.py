# Over 200 lines: the directory and the events waiting for it change together, under one lock.
"""The recipients directory (from the contacts topics) and events waiting for it."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters import orm
from notifications.domain.model import Channel, Recipient, Status


class SqlRecipients:
    """The directory, as one transaction sees it.

    Records read are kept for the rest of the transaction (a handler asks for the same
    person several times), except that locking ids forgets them: what counts is read after
    the lock, which every writer of a record takes too.
    """

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._read: dict[uuid.UUID, Recipient | None] = {}

    async def get(self, recipient_id: uuid.UUID) -> Recipient | None:
        return (await self.get_many([recipient_id])).get(recipient_id)

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
        for i in ids:
            self._read.pop(i, None)

    async def get_many(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Recipient]:
        wanted = set(ids)
        if unread := wanted - self._read.keys():
            rows = (
                await self._session.execute(
                    sa.select(orm.recipients).where(orm.recipients.c.id.in_(unread))
                )
            ).all()
            found = {row.id: _recipient(row) for row in rows}
            self._read.update({i: found.get(i) for i in unread})
        return {i: r for i in wanted if (r := self._read[i]) is not None}

    async def save(self, r: Recipient) -> None:
        values: dict[str, Any] = {
            "kind": r.kind,
            "name": r.name,
            "email": r.email,
            "mobile": r.mobile,
            "preferred_channel": r.preferred_channel.value,
            "consent": r.consent,
            "details": r.details,
            "updated_at": sa.func.now(),
        }
        if r.area is not None:
            values["area"] = r.area
        self._read.pop(r.id, None)
        await self._session.execute(
            insert(orm.recipients)
            .values(id=r.id, **values)
            .on_conflict_do_update(index_elements=[orm.recipients.c.id], set_=values)
        )

    async def note_area(self, ids: Sequence[uuid.UUID], area: str) -> None:
        """Remember the area an event placed recipients in (coordinators' scope), once."""
        if not ids or not area:
            return
        t = orm.recipients
        await self._session.execute(
            sa.update(t).where(t.c.id.in_(set(ids)), t.c.area.is_(None)).values(area=area)
        )
        for i in ids:
            self._read.pop(i, None)

    async def erase(self, recipient_id: uuid.UUID) -> int:
        """Delete the record and everything kept about them; cancel what was still to be sent.

        Their notifications stay as bare rows (template, channel, status, times) with their
        attempts' provider ids, and lose their content (`data`, error text): the ids are
        already on the public topic in NotificationSent/Failed, and a provider's late
        delivery receipt must still find its row.
        """
        self._read.pop(recipient_id, None)
        for table, column in (
            (orm.recipients, orm.recipients.c.id),
            (orm.preferences, orm.preferences.c.recipient_id),
            (orm.group_members, orm.group_members.c.person_id),
            (orm.group_facilitators, orm.group_facilitators.c.volunteer_id),
            (orm.referral_facts, orm.referral_facts.c.person_id),
        ):
            await self._session.execute(sa.delete(table).where(column == recipient_id))
        n, a = orm.notifications, orm.attempts
        result = await self._session.execute(
            sa.update(n)
            .where(n.c.recipient_id == recipient_id, n.c.status == Status.PENDING.value)
            .values(status=Status.CANCELLED.value, last_error="recipient erased")
        )
        await self._session.execute(
            sa.update(n).where(n.c.recipient_id == recipient_id).values(data={})
        )
        mine = sa.select(n.c.id).where(n.c.recipient_id == recipient_id).scalar_subquery()
        await self._session.execute(
            sa.update(a)
            .where(a.c.notification_id.in_(mine), a.c.error.is_not(None))
            .values(error=None)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class WaitingEvent:
    cause_event_id: str
    cause_source: str
    cause_type: str
    payload: dict[str, Any]
    waiting_for: list[uuid.UUID]
    created_at: datetime | None = None


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
                **({"created_at": event.created_at} if event.created_at else {}),
            )
            .on_conflict_do_nothing()
        )

    async def take_waiting_for(self, recipient_id: uuid.UUID) -> list[WaitingEvent]:
        """Remove and return the events that wait for this recipient.

        SKIP LOCKED: an event waiting for two records that arrive at once is taken by
        whichever handler gets it first. Waiting for its row instead deadlocked: each
        handler held its own recipient's lock, and the one replaying the event wanted both.
        The one that takes it plans it once the other's record is committed.
        """
        w = orm.waiting_events
        mine = (
            sa.select(w.c.cause_event_id)
            .where(w.c.waiting_for.contains([recipient_id]))
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
        rows = (
            await self._session.execute(
                sa.delete(w).where(w.c.cause_event_id.in_(mine)).returning(w)
            )
        ).all()
        return [_waiting(r) for r in rows]

    async def take_older_than(self, cutoff: datetime, limit: int) -> list[WaitingEvent]:
        """Remove and return events that have waited since before `cutoff` (oldest first)."""
        w = orm.waiting_events
        old = (
            sa.select(w.c.cause_event_id)
            .where(w.c.created_at < cutoff)
            .order_by(w.c.created_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
        rows = (
            await self._session.execute(
                sa.delete(w).where(w.c.cause_event_id.in_(old)).returning(w)
            )
        ).all()
        return sorted((_waiting(r) for r in rows), key=lambda x: x.created_at or cutoff)

    async def count(self) -> int:
        return int(
            (
                await self._session.execute(
                    sa.select(sa.func.count()).select_from(orm.waiting_events)
                )
            ).scalar_one()
        )


def _waiting(r: Any) -> WaitingEvent:
    return WaitingEvent(
        r.cause_event_id, r.cause_source, r.cause_type, r.payload, r.waiting_for, r.created_at
    )


def _recipient(row: Any) -> Recipient:
    return Recipient(
        id=row.id,
        kind=row.kind,
        name=row.name,
        email=row.email,
        mobile=row.mobile,
        preferred_channel=Channel(row.preferred_channel),
        consent=row.consent,
        details=dict(row.details or {}),
        area=row.area,
    )

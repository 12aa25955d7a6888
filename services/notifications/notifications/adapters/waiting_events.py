"""Events waiting for their recipients' contact records, taken when a record arrives."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters import orm
from notifications.domain.waiting import WaitingEvent
from t2t_shared import driver


class SqlWaitingEvents:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, event: WaitingEvent) -> None:
        db = await driver.connection(self._session)
        await db.execute(
            "INSERT INTO waiting_events"
            " (cause_event_id, cause_source, cause_type, payload, waiting_for, created_at)"
            " VALUES ($1, $2, $3, $4::jsonb, $5::uuid[], coalesce($6, now()))"
            " ON CONFLICT DO NOTHING",
            event.cause_event_id,
            event.cause_source,
            event.cause_type,
            driver.jsonb(event.payload),
            list(event.waiting_for),
            event.created_at,
        )

    async def take_waiting_for(self, recipient_id: uuid.UUID) -> list[WaitingEvent]:
        """Remove and return the events that wait for this recipient.

        SKIP LOCKED: an event waiting for two records that arrive at once is taken by
        whichever handler gets it first. Waiting for its row instead deadlocked: each
        handler held its own recipient's lock, and the one replaying the event wanted both.
        The one that takes it plans it once the other's record is committed.
        """
        db = await driver.connection(self._session)
        rows = await db.fetch(
            "DELETE FROM waiting_events WHERE cause_event_id IN ("
            " SELECT cause_event_id FROM waiting_events WHERE waiting_for @> ARRAY[$1::uuid]"
            " FOR UPDATE SKIP LOCKED)"
            " RETURNING cause_event_id, cause_source, cause_type, payload, waiting_for,"
            " created_at",
            recipient_id,
        )
        return [waiting_of(r) for r in rows]

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
        return sorted((waiting_of(r._mapping) for r in rows), key=lambda x: x.created_at or cutoff)

    async def count(self) -> int:
        return int(
            (
                await self._session.execute(
                    sa.select(sa.func.count()).select_from(orm.waiting_events)
                )
            ).scalar_one()
        )


def waiting_of(r: Any) -> WaitingEvent:
    return WaitingEvent(
        r["cause_event_id"],
        r["cause_source"],
        r["cause_type"],
        r["payload"],
        [uuid.UUID(bytes=i.bytes) for i in r["waiting_for"]],
        r["created_at"],
    )

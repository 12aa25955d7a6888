"""Deletes what notifications no longer needs, in small batches (short locks, no bloat)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters import orm
from notifications.domain.model import Status

# Only messages that are finished with: never one pending, being sent, or waiting on a
# lookup. `outcome_unknown` is kept as long as the rest, for the follow-up.
SETTLED = [
    s.value
    for s in (
        Status.SENT,
        Status.DELIVERED,
        Status.FAILED,
        Status.CANCELLED,
        Status.OUTCOME_UNKNOWN,
    )
]


class SqlRetention:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def prune_attempts(self, before: datetime, limit: int) -> int:
        """Attempts of settled messages made before `before`; the message row stays."""
        a, n = orm.attempts, orm.notifications
        old = (
            sa.select(a.c.id)
            .join(n, n.c.id == a.c.notification_id)
            .where(a.c.attempted_at < before, n.c.status.in_(SETTLED))
            .limit(limit)
            .scalar_subquery()
        )
        result = await self._session.execute(sa.delete(a).where(a.c.id.in_(old)))
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def prune_notifications(self, before: datetime, limit: int) -> int:
        """Settled messages created before `before`, with their attempts (cascade)."""
        n = orm.notifications
        old = (
            sa.select(n.c.id)
            .where(n.c.created_at < before, n.c.status.in_(SETTLED))
            .limit(limit)
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
        result = await self._session.execute(sa.delete(n).where(n.c.id.in_(old)))
        return int(result.rowcount)  # type: ignore[attr-defined]

"""Claims on due notifications, fenced: each claim bumps a token its settling write names.

A sender holds its claim while it sends. Whatever happens meanwhile (the claim is judged
abandoned and settled, or handed to a lookup and claimed again, by another replica), a
write that names an older token, or a row no longer `sending`, changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters import driver, orm
from notifications.adapters.notification_rows import notification_of, row_of
from notifications.domain.model import Notification, Status

SETTLED_FIELDS = (
    "status", "due_at", "sent_at", "last_error", "channel", "attempts", "unresolved_at"
)  # fmt: skip


class SqlClaims:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def claim_due(self, now: datetime, limit: int) -> list[Notification]:
        """Take due pending notifications for sending; other replicas skip the locked rows."""
        db = await driver.connection(self._session)
        rows = await db.fetch(
            "UPDATE notifications SET status = 'sending', attempts = attempts + 1,"
            " claimed_at = $1, claim = claim + 1"
            " WHERE id IN (SELECT id FROM notifications"
            " WHERE status = 'pending' AND due_at <= $1 ORDER BY due_at LIMIT $2"
            " FOR UPDATE SKIP LOCKED)"
            " RETURNING *",
            now,
            limit,
        )
        return sorted((notification_of(r) for r in rows), key=lambda x: x.due_at)

    async def take_abandoned(self, claimed_before: datetime) -> list[Notification]:
        """Sends whose sender died mid-send: the provider may or may not have the message."""
        n = orm.notifications
        stale = (
            sa.select(n.c.id)
            .where(n.c.status == Status.SENDING.value, n.c.claimed_at < claimed_before)
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
        # Marked here, in the claiming transaction, so no other replica settles them too;
        # the new token fences off the sender if it was only slow, not dead.
        rows = (
            await self._session.execute(
                sa.update(n)
                .where(n.c.id.in_(stale))
                .values(status=Status.FAILED.value, last_error="interrupted", claim=n.c.claim + 1)
                .returning(n)
            )
        ).all()
        return [notification_of(r._mapping) for r in rows]

    async def unresolve_abandoned(self, claimed_before: datetime, now: datetime) -> int:
        """Abandoned sends to a provider that can be asked: looked up before any resend."""
        n = orm.notifications
        stale = (
            sa.select(n.c.id)
            .where(n.c.status == Status.SENDING.value, n.c.claimed_at < claimed_before)
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
        result = await self._session.execute(
            sa.update(n)
            .where(n.c.id.in_(stale))
            .values(
                status=Status.PENDING.value,
                unresolved_at=now,
                due_at=now,
                last_error="interrupted: to be looked up",
                claim=n.c.claim + 1,
            )
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def settle(self, notifications: Sequence[Notification]) -> set[object]:
        """Write back the sends whose claim still holds; the ids written."""
        if not notifications:
            return set()
        n = orm.notifications
        held = sa.tuple_(n.c.id, n.c.claim).in_([(x.id, x.claim) for x in notifications])
        owned = {
            row.id
            for row in (
                await self._session.execute(
                    sa.select(n.c.id)
                    .where(held, n.c.status == Status.SENDING.value)
                    .with_for_update()
                )
            ).all()
        }
        mine = [x for x in notifications if x.id in owned]
        if mine:
            await self._session.execute(
                sa.update(n)
                .where(n.c.id == sa.bindparam("b_id"))
                .values({f: sa.bindparam(f"b_{f}") for f in SETTLED_FIELDS}),
                [_settled_row(x) for x in mine],
            )
        return set(owned)

    async def renew(self, notifications: Sequence[Notification], now: datetime) -> int:
        """Keep claims alive while their sends are in progress (waiting on a limit, a pool)."""
        if not notifications:
            return 0
        n = orm.notifications
        held = sa.tuple_(n.c.id, n.c.claim).in_([(x.id, x.claim) for x in notifications])
        result = await self._session.execute(
            sa.update(n).where(held, n.c.status == Status.SENDING.value).values(claimed_at=now)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]

    async def bring_forward(self, marker: str, now: datetime) -> int:
        """Messages deferred by a provider's pause go now it is back."""
        n = orm.notifications
        result = await self._session.execute(
            sa.update(n)
            .where(n.c.status == Status.PENDING.value, n.c.last_error == marker, n.c.due_at > now)
            .values(due_at=now)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]


def _settled_row(x: Notification) -> dict[str, object]:
    return {"b_id": x.id} | {f"b_{f}": v for f, v in row_of(x).items() if f in SETTLED_FIELDS}

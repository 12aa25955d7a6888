"""Claims on due notifications, fenced: each claim bumps a token its settling write names.

A sender holds its claim while it sends. Whatever happens meanwhile (the claim is judged
abandoned and settled, or handed to a lookup and claimed again, by another replica), a
write that names an older token, or a row no longer `sending`, changes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters import orm
from notifications.adapters.notification_rows import as_uuid, notification_of, row_of
from notifications.domain.model import Attempt, Notification, Status
from t2t_shared import driver

# A settled send's columns and its attempt's, one array each: a round of any size is one
# statement, and the claim check is the UPDATE's own WHERE (a lost claim writes nothing).
SETTLED = (
    ("id", "uuid"), ("claim", "int"), ("status", "text"), ("due_at", "timestamptz"),
    ("sent_at", "timestamptz"), ("last_error", "text"), ("channel", "text"),
    ("attempts", "int"), ("unresolved_at", "timestamptz"),
)  # fmt: skip
TRIED = (
    ("notification_id", "uuid"), ("attempted_at", "timestamptz"), ("provider", "text"),
    ("outcome", "text"), ("provider_message_id", "text"), ("error", "text"),
)  # fmt: skip
_SET = ", ".join(f"{name} = s.{name}" for name, _ in SETTLED[2:])
# Built from the constants above only, never from input.
_SETTLE = (  # noqa: S608
    "WITH written AS (UPDATE notifications AS n SET {set}"
    " FROM unnest({settled}) AS s({settled_names})"
    " WHERE n.id = s.id AND n.claim = s.claim AND n.status = 'sending' RETURNING n.id),"
    " tried AS (INSERT INTO notification_attempts ({tried_names})"
    " SELECT a.notification_id, a.attempted_at, a.provider,"
    " CASE WHEN w.id IS NULL THEN 'late: ' || a.outcome ELSE a.outcome END,"
    " a.provider_message_id, a.error"
    " FROM unnest({tried}) WITH ORDINALITY AS a({tried_names}, seq)"
    " LEFT JOIN written w ON w.id = a.notification_id ORDER BY a.seq)"
    " SELECT id FROM written"
).format(
    set=_SET,
    settled=", ".join(f"${i}::{kind}[]" for i, (_, kind) in enumerate(SETTLED, 1)),
    settled_names=", ".join(name for name, _ in SETTLED),
    tried=", ".join(f"${i}::{kind}[]" for i, (_, kind) in enumerate(TRIED, len(SETTLED) + 1)),
    tried_names=", ".join(name for name, _ in TRIED),
)


class SqlClaims:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def claim_due(self, now: datetime, limit: int) -> list[Notification]:
        """Take due pending notifications for sending; other replicas skip the locked rows.

        Committed on its own when no transaction has begun (the dispatcher's round starts
        with it): the claim must be committed before anything is sent anyway.
        """
        db = await driver.current(self._session)
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

    async def settle(
        self, notifications: Sequence[Notification], attempts: Sequence[Attempt]
    ) -> set[uuid.UUID]:
        """Write back the sends whose claim still holds and record every attempt, in one
        statement; the ids written. An attempt whose claim was lost is kept as 'late: ...'."""
        if not notifications:
            return set()
        rows = [row_of(x) | {"claim": x.claim} for x in notifications]
        db = await driver.connection(self._session)
        written = await db.fetch(
            _SETTLE,
            *([row[name] for row in rows] for name, _ in SETTLED),
            *([getattr(a, name) for a in attempts] for name, _ in TRIED),
        )
        return {as_uuid(r["id"]) for r in written}

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

"""The processed-message claim on the unit of work's asyncpg connection (every event runs it)."""

from __future__ import annotations

from collections.abc import Sequence

from t2t_shared import driver
from t2t_shared.inbox import Inbox

_CLAIM = (
    "INSERT INTO processed_messages (consumer, ce_source, ce_id) VALUES ($1, $2, $3)"
    " ON CONFLICT DO NOTHING RETURNING true"
)

_CLAIM_MANY = (
    "INSERT INTO processed_messages (consumer, ce_source, ce_id)"
    " SELECT $1, s, i FROM unnest($2::text[], $3::text[]) AS e(s, i)"
    " ON CONFLICT DO NOTHING RETURNING ce_source, ce_id"
)


class DriverInbox(Inbox):
    """`Inbox`, its claim in the same transaction but without SQLAlchemy's cost per statement."""

    async def claim(self, ce_source: str, ce_id: str) -> bool:
        db = await driver.connection(self._session)
        return bool(await db.fetchval(_CLAIM, self._consumer, ce_source, ce_id))

    async def claim_many(self, events: Sequence[tuple[str, str]]) -> set[tuple[str, str]]:
        """A batch's claims in one statement; those already handled are not returned."""
        if not events:
            return set()
        db = await driver.connection(self._session)
        rows = await db.fetch(
            _CLAIM_MANY, self._consumer, [s for s, _ in events], [i for _, i in events]
        )
        return {(row["ce_source"], row["ce_id"]) for row in rows}

    async def mark_done(self, ce_source: str, ce_id: str) -> None:
        """Record an event that changes nothing else as handled: its own statement, before
        any transaction (or in the one begun, if any)."""
        db = await driver.current(self._session)
        await db.execute(_CLAIM, self._consumer, ce_source, ce_id)

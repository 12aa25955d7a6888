"""After the last fault: wait until every outbox is drained, every consumer group has caught
up and no send is due, or until the timeout. The time it took is the time to heal."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import asyncpg

from .topics import TopicReader

# Sends due within the horizon are still to do (a paused provider's next try included);
# later ones are scheduled (a reminder before a session next week), not a backlog.
SCHEDULED_HORIZON_MIN = 10
DUE_SENDS = (
    "SELECT count(*) FROM notifications WHERE status IN ('pending', 'sending')"
    " AND due_at <= now() + make_interval(mins => $1)"
)
# Consumers that park a key behind a failed event keep the parked ones in this table.
PARKED = "SELECT CASE WHEN to_regclass('parked_events') IS NULL THEN 0 ELSE 1 END"
# The ops console publishes nothing: its database has no outbox.
HAS_OUTBOX = "SELECT to_regclass('outbox') IS NOT NULL"


@dataclass
class Healing:
    healed: bool
    seconds: float
    left: dict[str, int] = field(default_factory=dict)


async def backlog(databases: dict[str, str], reader: TopicReader) -> dict[str, int]:
    """What is still to do: unpublished outbox rows, consumer lag, sends due. Empty: healed."""
    left: dict[str, int] = {}
    for service, dsn in databases.items():
        conn = await asyncpg.connect(dsn, timeout=10)
        try:
            if await conn.fetchval(HAS_OUTBOX):
                left[f"{service} outbox"] = await conn.fetchval(
                    "SELECT count(*) FROM outbox WHERE published_at IS NULL"
                )
            if await conn.fetchval(PARKED):
                left[f"{service} parked"] = await conn.fetchval(
                    "SELECT count(*) FROM parked_events"
                )
            if service == "notifications":
                left["sends due"] = await conn.fetchval(DUE_SENDS, SCHEDULED_HORIZON_MIN)
        finally:
            await conn.close()
    if not await reader.caught_up():
        left["topics being read"] = 1
    lag = await reader.lag()
    if lag is None:
        left["consumer lag unknown"] = 1
    else:
        left |= {f"lag {group}": behind for group, behind in lag.items()}
    return {what: n for what, n in left.items() if n}


async def heal(
    databases: dict[str, str],
    reader: TopicReader,
    timeout_s: float,
    say: Callable[[str], None] = lambda _: None,
    settle_polls: int = 3,
) -> Healing:
    """Healed when the backlog is empty ``settle_polls`` times in a row (a retry in flight
    can leave everything empty for a moment before it lands)."""
    started = time.monotonic()
    quiet, quiet_since, left = 0, started, {"not yet looked": 1}
    while time.monotonic() - started < timeout_s:
        try:
            left = await asyncio.wait_for(backlog(databases, reader), 30)
        except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
            left = {f"cannot look: {type(exc).__name__}": 1}
        if left:
            quiet = 0
        else:
            quiet, quiet_since = quiet + 1, quiet_since if quiet else time.monotonic()
        if quiet >= settle_polls:
            return Healing(True, quiet_since - started)
        if left:
            say("waiting for: " + ", ".join(f"{k} {v}" for k, v in sorted(left.items())[:6]))
        await asyncio.sleep(2.0)
    return Healing(False, time.monotonic() - started, left)

"""One relay per service at a time: a PostgreSQL advisory lock held on a connection of its own."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from prometheus_client import Counter, Gauge
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

log = logging.getLogger(__name__)

LEADER = Gauge(
    "t2t_outbox_relay_leader", "1 while this process is its service's relay", ["service"]
)
CHANGES = Counter(
    "t2t_outbox_relay_leadership_changes_total",
    "Relay leadership acquired or lost by this process",
    ["service", "change"],
)

# Advisory locks share one key space per database; this class id keeps ours apart.
LOCK_CLASS = 0x7432


class RelayLeadership:
    """Holds the relay lock of one service's database, or tries to take it.

    The lock is a session lock on a connection used for nothing else but the relay's own
    publishing transactions: if that connection dies the server frees the lock and rolls
    back the relay's open transaction at once, so a relay that lost its lock cannot mark
    anything published, and the next leader's `FOR UPDATE` waits for the old transaction
    to end rather than overtaking it.
    """

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        service: str,
        lock_name: str,
        listen: tuple[str, Callable[..., None]] | None = None,
    ) -> None:
        self._engine = engine
        self._service = service
        self._lock_name = lock_name
        # (channel, callback): the leader LISTENs on the lock's connection, which dies
        # with its leadership, so only a leader is ever notified.
        self._listen = listen
        self._conn: AsyncConnection | None = None
        self._raw: Any = None
        self.is_leader = False
        LEADER.labels(service).set(0)

    @property
    def connection(self) -> Any:
        """The leader's asyncpg connection; only valid while `is_leader`."""
        if not self.is_leader:
            raise RuntimeError("not the relay leader")
        return self._raw

    async def try_acquire(self) -> bool:
        """True if this process leads (now or already); never raises for a lost database."""
        if self.is_leader:
            return True
        try:
            if self._conn is None:
                self._conn = await self._engine.connect()
                self._raw = (await self._conn.get_raw_connection()).driver_connection
            took = await self._raw.fetchval(
                "SELECT pg_try_advisory_lock($1, hashtext($2))",
                LOCK_CLASS,
                self._lock_name,
                timeout=5,
            )
            if took and self._listen is not None:
                await self._raw.add_listener(*self._listen)
        except Exception as exc:
            log.warning(
                "relay cannot reach the database to take leadership",
                extra={"service": self._service, "error": type(exc).__name__},
            )
            await self._close()
            return False
        if took:
            self.is_leader = True
            LEADER.labels(self._service).set(1)
            CHANGES.labels(self._service, "acquired").inc()
            log.info("relay leadership acquired", extra={"service": self._service})
        return bool(took)

    async def alive(self) -> bool:
        """A round trip on the lock's connection: False if the lock may be gone."""
        if not self.is_leader:
            return False
        try:
            await self._raw.fetchval("SELECT 1", timeout=5)
            return True
        except Exception:
            return False

    async def lose(self, reason: str) -> None:
        """Stop leading: close the connection, so the server frees the lock for a follower."""
        if self.is_leader:
            self.is_leader = False
            LEADER.labels(self._service).set(0)
            CHANGES.labels(self._service, "lost").inc()
            log.warning("relay leadership lost", extra={"service": self._service, "reason": reason})
        await self._close()

    async def release(self) -> None:
        """On shutdown: hand the lock over without waiting for the connection to time out."""
        if self.is_leader:
            with contextlib.suppress(Exception):
                await self._raw.fetchval(
                    "SELECT pg_advisory_unlock($1, hashtext($2))",
                    LOCK_CLASS,
                    self._lock_name,
                    timeout=2,
                )
            self.is_leader = False
            LEADER.labels(self._service).set(0)
            log.info("relay leadership released", extra={"service": self._service})
        await self._close()

    async def _close(self) -> None:
        conn, self._conn, self._raw = self._conn, None, None
        if conn is not None:
            # Invalidate rather than close: a dead connection must not be reset or waited on.
            with contextlib.suppress(Exception):
                async with asyncio.timeout(2):
                    await conn.invalidate()
            with contextlib.suppress(Exception):
                async with asyncio.timeout(2):
                    await conn.close()

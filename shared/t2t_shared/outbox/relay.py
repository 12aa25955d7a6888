# Over 200 lines: the loop, its waits and its failure handling read as one.
"""Publishes outbox rows to Kafka in order, in batches, from the one leading replica."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

import sqlalchemy as sa
from aiokafka import AIOKafkaProducer
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from t2t_shared.db import dedicated_engine
from t2t_shared.outbox.chain import Chain, ChainLimits, publish_chain
from t2t_shared.outbox.leadership import RelayLeadership
from t2t_shared.outbox.metrics import FAILURES, PENDING, count_pending
from t2t_shared.outbox.quarantine import HELD, Unpublishable
from t2t_shared.outbox.statements import RelayStatements
from t2t_shared.outbox.wakeup import Wakeup, channel

log = logging.getLogger(__name__)


class RelayPublishError(RuntimeError):
    """Some rows of a batch were not acknowledged by the broker; they stay for the next try."""


class OutboxRelay:
    """Moves committed outbox rows to the broker, at least once and never dropping one.

    Only the replica holding the service's relay lock publishes (see `RelayLeadership`);
    the others try to take it every `follower_retry_s`. A row is marked published only
    after the broker acknowledged it (acks=all), on the lock's own connection. The leader
    wakes when rows are committed (see `wakeup`); `poll_interval_s` is only the safety net.
    """

    def __init__(
        self,
        *,
        service: str,
        sessions: async_sessionmaker,  # type: ignore[type-arg]
        table: sa.Table,
        producer_factory: Callable[[], AIOKafkaProducer],
        batch_size: int = 500,
        poll_interval_s: float = 2.0,
        max_backoff_s: float = 30.0,
        on_connect: Callable[[], Awaitable[object]] | None = None,
        lock_engine: AsyncEngine | None = None,
        follower_retry_s: float = 1.0,
        quarantine_after: int = 3,
        max_record_bytes: int = 1_000_000,
        chain_batches: int = 4,
    ) -> None:
        self._service = service
        self._sessions = sessions
        self._table = table
        self._producer_factory = producer_factory
        self._producer: AIOKafkaProducer | None = None
        self._batch_size = batch_size
        self._poll_interval_s = poll_interval_s
        self._max_backoff_s = max_backoff_s
        self._on_connect = on_connect
        self._follower_retry_s = follower_retry_s
        self._quarantine_after = quarantine_after
        self._max_record_bytes = max_record_bytes
        # Batches a transaction may chain: a relay that dies mid-chain leaves this many
        # to be published again, and an erasure of their keys waits this long.
        self._chain_batches = chain_batches
        self._sql = RelayStatements.for_table(table)
        self._wakeup = Wakeup()
        # The lock's connection lives outside the pool: it is held as long as we lead.
        self._owned_engine = None if lock_engine else dedicated_engine(sessions.kw["bind"].url)
        self.leadership = RelayLeadership(
            lock_engine or self._owned_engine,  # type: ignore[arg-type]
            service=service,
            lock_name=f"t2t-outbox-relay:{table.name}",
            listen=(channel(table), self._wakeup.on_notification),
        )
        self._stopped = self._wakeup.stopped
        self._running: asyncio.Event | None = None
        self._gauges_due = 0.0

    @property
    def is_leader(self) -> bool:
        return self.leadership.is_leader

    def leads_elsewhere(self) -> bool:
        """Whether a commit here must notify (the leader is another replica, or none yet)."""
        return not self.leadership.is_leader

    def wake(self) -> None:
        """Called after a commit that wrote outbox rows, so they go out without waiting a poll."""
        self._wakeup.set()

    async def run(self) -> None:
        self._running = asyncio.Event()
        backoff = 0.1
        try:
            while not self._stopped.is_set():
                if not await self.leadership.try_acquire():
                    await self._sleep(self._follower_retry_s)
                    continue
                try:
                    await self._connect()
                    # Before the select: a commit from here on wakes the next round.
                    self._wakeup.clear()
                    chain = await self.publish_chain()
                    backoff = 0.1
                    if chain.more:
                        continue
                    await self._refresh_gauges()
                    await self._wait(self._poll_interval_s)
                except asyncio.CancelledError:
                    raise
                except Exception as exc:
                    await self._on_failure(exc, backoff)
                    # Commits may cut a backoff short (the broker may be back), but not
                    # below a second: during an outage they must not drive a retry each.
                    await self._wait(min(backoff, 1.0), woken_by_commits=False)
                    await self._wait(backoff - min(backoff, 1.0))
                    backoff = min(backoff * 2, self._max_backoff_s)
        finally:
            self._running.set()

    async def _on_failure(self, exc: Exception, backoff: float) -> None:
        FAILURES.labels(self._service).inc()
        log.warning(
            "outbox relay cannot publish; retrying",
            extra={"error": type(exc).__name__, "retry_in_s": backoff},
        )
        if not await self.leadership.alive():
            # Whatever went wrong, the lock may be gone: publish nothing more until retaken.
            await self.leadership.lose(type(exc).__name__)
        elif not isinstance(exc, RelayPublishError | Unpublishable):
            await self._drop_producer()

    async def stop(self) -> None:
        self._wakeup.stop()
        if self._running is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._running.wait(), timeout=5)
        await self.leadership.release()
        await self._drop_producer()
        if self._owned_engine is not None:
            await self._owned_engine.dispose()

    async def publish_batch(self) -> int:
        """Publish up to one batch if this process leads; returns how many rows went out."""
        return (await self.publish_chain(max_batches=1)).published

    async def publish_chain(self, max_batches: int | None = None) -> Chain:
        """Up to `max_batches` batches in one transaction, each selected while the one
        before is at the broker (see `chain`); nothing if this process does not lead."""
        if not await self.leadership.try_acquire():
            return Chain()
        producer = await self._connect()
        limits = ChainLimits(
            batch_size=self._batch_size,
            max_batches=max_batches or self._chain_batches,
            max_record_bytes=self._max_record_bytes,
            quarantine_after=self._quarantine_after,
        )
        chain = await publish_chain(
            self.leadership.connection, producer, self._sql, limits, service=self._service
        )
        if chain.failed:
            raise RelayPublishError(f"{chain.failed} rows not acknowledged ({chain.error})")
        if chain.stuck:
            raise Unpublishable("a batch had only rows that cannot be published")
        return chain

    async def pending(self) -> int:
        return await count_pending(self._sessions, self._table)

    async def held(self) -> int:
        """Rows quarantined or waiting behind a quarantined row of their key."""
        async with self._sessions() as session:
            return int(await session.scalar(sa.text(self._sql.held)) or 0)

    async def _refresh_gauges(self) -> None:
        """At most once a second: two counts per round were a tenth of a single row's trip."""
        now = asyncio.get_running_loop().time()
        if now < self._gauges_due:
            return
        self._gauges_due = now + 1.0
        PENDING.labels(self._service).set(await self.pending())
        HELD.labels(self._service).set(await self.held())

    async def _connect(self) -> AIOKafkaProducer:
        if self._producer is None:
            producer = self._producer_factory()
            await producer.start()
            self._producer = producer
            if self._on_connect is not None:
                # After a broker restart (the local broker forgets everything) the topics
                # must exist again before anything is published to them.
                await self._on_connect()
        return self._producer

    async def _drop_producer(self) -> None:
        producer, self._producer = self._producer, None
        if producer is not None:
            with contextlib.suppress(Exception):
                await producer.stop()

    async def _wait(self, seconds: float, *, woken_by_commits: bool = True) -> None:
        """Until woken or `seconds` pass; a long wait checks the lock every second."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while not self._stopped.is_set():
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            if await self._wakeup.wait(min(remaining, 1.0), woken_by_commits=woken_by_commits):
                break
            if loop.time() >= deadline:
                break
            if self.leadership.is_leader and not await self.leadership.alive():
                await self.leadership.lose("lock connection lost")
                break

    async def _sleep(self, seconds: float) -> None:
        """A follower's pause: commits do not wake it, only stopping does."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopped.wait(), timeout=seconds)

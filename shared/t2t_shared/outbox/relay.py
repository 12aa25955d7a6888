"""Publishes outbox rows to Kafka in order, in batches, safely from many replicas."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from aiokafka import AIOKafkaProducer
from prometheus_client import Counter, Gauge, Histogram
from sqlalchemy.ext.asyncio import async_sessionmaker

log = logging.getLogger(__name__)

PUBLISHED = Counter("t2t_outbox_published_total", "Outbox rows published", ["service"])
FAILURES = Counter("t2t_outbox_publish_failures_total", "Failed outbox publishes", ["service"])
PENDING = Gauge("t2t_outbox_pending", "Outbox rows not yet published", ["service"])
DELAY = Histogram(
    "t2t_outbox_delay_seconds",
    "From commit to publish, of the oldest row of each batch",
    ["service"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)


class RelayPublishError(RuntimeError):
    """Some rows of a batch were not acknowledged by the broker; they stay for the next try."""


class OutboxRelay:
    """Moves committed outbox rows to the broker, at least once and never dropping one.

    `FOR UPDATE SKIP LOCKED` lets several replicas relay side by side without taking the
    same rows; a row is marked published only after the broker acknowledged it (acks=all).
    """

    def __init__(
        self,
        *,
        service: str,
        sessions: async_sessionmaker,  # type: ignore[type-arg]
        table: sa.Table,
        producer_factory: Callable[[], AIOKafkaProducer],
        batch_size: int = 500,
        poll_interval_s: float = 0.5,
        max_backoff_s: float = 30.0,
        on_connect: Callable[[], Awaitable[object]] | None = None,
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
        self._wake = asyncio.Event()
        self._stopping = False
        # The table name comes from our own metadata, never from input.
        columns = "id, topic, key, key_hash, value, header_keys, header_values, created_at"
        unpublished = f"FROM {table.name} WHERE published_at IS NULL"
        self._select = f"SELECT {columns} {unpublished} ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED"
        self._mark_published = f"UPDATE {table.name} SET published_at = now() WHERE id = ANY($1)"
        self._mark_failed = (
            f"UPDATE {table.name} SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1)"
        )

    def wake(self) -> None:
        """Called after a commit that wrote outbox rows, so they go out without waiting a poll."""
        self._wake.set()

    async def run(self) -> None:
        backoff = 0.1
        while not self._stopping:
            try:
                await self._connect()
                published = await self.publish_batch()
                backoff = 0.1
                if published == self._batch_size:
                    continue
                await self._refresh_pending()
                await self._wait(self._poll_interval_s)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                FAILURES.labels(self._service).inc()
                log.warning(
                    "outbox relay cannot publish; retrying",
                    extra={"error": type(exc).__name__, "retry_in_s": backoff},
                )
                await self._drop_producer()
                await self._wait(backoff)
                backoff = min(backoff * 2, self._max_backoff_s)

    async def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        await self._drop_producer()

    async def publish_batch(self) -> int:
        """Publish up to one batch; returns how many rows went out."""
        producer = await self._connect()
        async with self._sessions() as session, session.begin():
            # The driver's own connection, inside the session's transaction: the relay reads
            # and marks thousands of rows a second, and SQLAlchemy's row handling showed.
            raw = (await (await session.connection()).get_raw_connection()).driver_connection
            rows = await raw.fetch(self._select, self._batch_size)
            if not rows:
                return 0
            partitions = {
                topic: sorted(await producer.partitions_for(topic))
                for topic in {row["topic"] for row in rows}
            }
            sent = await self._send_in_batches(producer, rows, partitions)
            results = await asyncio.gather(*(f for _, f in sent), return_exceptions=True)
            ok = [
                r
                for (group, _), res in zip(sent, results, strict=True)
                if not isinstance(res, BaseException)
                for r in group
            ]
            failed = [
                r["id"]
                for (group, _), res in zip(sent, results, strict=True)
                if isinstance(res, BaseException)
                for r in group
            ]
            if ok:
                await raw.execute(self._mark_published, [r["id"] for r in ok])
            if failed:
                error = next(type(r).__name__ for r in results if isinstance(r, BaseException))
                await raw.execute(self._mark_failed, failed, error)
        PUBLISHED.labels(self._service).inc(len(ok))
        if ok:
            # Once a batch, not once a row: observing every row cost a tenth of the relay.
            oldest = min(r["created_at"] for r in ok)
            DELAY.labels(self._service).observe(
                max(0.0, (datetime.now(UTC) - oldest).total_seconds())
            )
        if failed:
            raise RelayPublishError(f"{len(failed)} of {len(rows)} rows not acknowledged")
        return len(ok)

    async def _send_in_batches(
        self,
        producer: AIOKafkaProducer,
        rows: list[Any],
        partitions: dict[str, list[int]],
    ) -> list[tuple[list[Any], asyncio.Future[Any]]]:
        """Rows grouped by partition, in order, into the producer's own record batches.

        One future a batch instead of one a record: the per-record send was most of the
        relay's own time. Returns each batch's rows with the future of its delivery.
        """
        by_partition: dict[tuple[str, int], list[Any]] = {}
        for row in rows:
            choices = partitions[row["topic"]]
            target = (row["topic"], choices[row["key_hash"] % len(choices)])
            by_partition.setdefault(target, []).append(row)
        sent: list[tuple[list[Any], asyncio.Future[Any]]] = []
        for (topic, partition), group in by_partition.items():
            batch = producer.create_batch()
            members: list[Any] = []
            for row in group:
                if _append(batch, row) is None:
                    if not members:
                        raise RelayPublishError("an outbox record is larger than a batch")
                    future = await producer.send_batch(batch, topic, partition=partition)
                    sent.append((members, future))
                    batch, members = producer.create_batch(), []
                    _append(batch, row)
                members.append(row)
            future = await producer.send_batch(batch, topic, partition=partition)
            sent.append((members, future))
        return sent

    async def pending(self) -> int:
        async with self._sessions() as session:
            count = await session.scalar(
                sa.select(sa.func.count())
                .select_from(self._table)
                .where(self._table.c.published_at.is_(None))
            )
        return int(count or 0)

    async def _refresh_pending(self) -> None:
        PENDING.labels(self._service).set(await self.pending())

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

    async def _wait(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)
        self._wake.clear()


def _append(batch: Any, row: Any) -> object:
    return batch.append(
        key=row["key"].encode(),
        value=row["value"],
        timestamp=None,
        headers=list(zip(row["header_keys"], row["header_values"], strict=True)),
    )

"""Phase 2: the outbox relay draining a backlog, measured against raw produce."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from rich.progress import Progress
from sqlalchemy.ext.asyncio import AsyncEngine

from t2t_shared.db import create_engine, define_messaging_tables, session_factory
from t2t_shared.envelope import CloudEvent, EventRecord, new_traceparent
from t2t_shared.messaging.kafka import KafkaConnection, create_producer
from t2t_shared.outbox import OutboxRelay
from t2t_shared.outbox.writer import outbox_row
from t2t_shared.topics import TopicSpec, ensure_topics

from .config import RECORD_BYTES, BenchConfig
from .ui import Counter, ticking

INSERT_CHUNK = 5_000


@dataclass(frozen=True)
class RelayResult:
    rows: int
    batch_size: int
    seconds: float

    @property
    def rows_per_s(self) -> float:
        return self.rows / self.seconds


async def bench_relay(
    database_dsn: str, bootstrap: str, topic: str, config: BenchConfig, progress: Progress
) -> RelayResult:
    connection = KafkaConnection(bootstrap)
    await ensure_topics(connection, [TopicSpec(topic, config.partitions)])
    engine = create_engine(_asyncpg(database_dsn))
    metadata = sa.MetaData()
    outbox, _ = define_messaging_tables(metadata)
    relay = OutboxRelay(
        service="bench",
        sessions=session_factory(engine),
        table=outbox,
        producer_factory=lambda: create_producer(connection, "t2t-bench-relay"),
        batch_size=config.relay_batch_size,
    )
    try:
        async with engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
        # One row first, so the producer's connection set-up is not part of the timing
        # (the raw phase starts its producer before its clock, too).
        await _insert(engine, outbox, topic, 1, progress)
        await relay.publish_batch()
        await _insert(engine, outbox, topic, config.relay_rows, progress)
        published = Counter()
        async with ticking(
            progress, "outbox relay publish", config.relay_rows, lambda: published.value
        ):
            started = time.perf_counter()
            # The relay loop's own step: batches chained in a transaction, each selected
            # while the one before is at the broker.
            while (sent := (await relay.publish_chain()).published) > 0:
                published.add(sent)
            seconds = time.perf_counter() - started
        if published.value != config.relay_rows or await relay.pending():
            raise RuntimeError(f"relay published {published.value} of {config.relay_rows} rows")
        return RelayResult(config.relay_rows, config.relay_batch_size, seconds)
    finally:
        await relay.stop()
        # Dropped, not left behind: 10,000 updated rows are dead tuples that autovacuum
        # cleans up a minute later, during the latency phase, and PostgreSQL's share of
        # each referral's CPU tripled in the repetition it landed in (4 December 2026).
        async with engine.begin() as conn:
            await conn.run_sync(metadata.drop_all)
        await engine.dispose()


async def _insert(
    engine: AsyncEngine, outbox: sa.Table, topic: str, n: int, progress: Progress
) -> None:
    """Bulk insert ``n`` rows shaped exactly as OutboxWriter writes them; not timed."""
    inserted = Counter()
    async with ticking(progress, f"outbox rows inserted (untimed, {n})", n, lambda: inserted.value):
        for start in range(0, n, INSERT_CHUNK):
            rows = [_row(topic) for _ in range(min(INSERT_CHUNK, n - start))]
            async with engine.begin() as conn:
                await conn.execute(sa.insert(outbox), rows)
            inserted.add(len(rows))


def _row(topic: str) -> dict[str, Any]:
    """Headers exactly as OutboxWriter stores an event's envelope; a 500 B JSON value."""
    key = str(uuid.uuid4())
    ce = CloudEvent(
        id=str(uuid.uuid4()),
        source="/t2t/bench/bench",
        type="t2t.bench.BenchRecorded.v1",
        subject=key,
        time=datetime.now(UTC),
        dataschema="https://type2together.org.uk/schemas/bench/BenchRecorded.v1.json",
        traceparent=new_traceparent(),
    )
    return outbox_row(EventRecord(topic, key, _value(key), ce.to_headers(), ce.id))


def _value(key: str) -> bytes:
    empty = len(json.dumps({"bench_id": key, "padding": ""}))
    return json.dumps({"bench_id": key, "padding": "x" * (RECORD_BYTES - empty)}).encode()


def _asyncpg(dsn: str) -> str:
    return dsn.replace("postgresql://", "postgresql+asyncpg://", 1)

"""The relay wakes when rows are committed, not when its poll comes round.

Each relay here polls once an hour unless a test says otherwise, so a record that
arrives within the (generous) read timeout arrived because something woke the relay.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
import sqlalchemy as sa
from prometheus_client import REGISTRY
from sqlalchemy.ext.asyncio import AsyncEngine

from t2t_shared.db import create_engine, define_messaging_tables, session_factory
from t2t_shared.envelope import EventRecord
from t2t_shared.messaging.kafka import KafkaConnection, create_producer
from t2t_shared.outbox import OutboxRelay
from t2t_shared.outbox.writer import outbox_row
from t2t_shared.topics import TopicSpec, ensure_topics
from t2t_shared.uow import SqlUnitOfWork
from tests.fixtures.services import Infra, eventually, read_topic, unique_prefix

pytestmark = pytest.mark.integration

AN_HOUR = 3600.0

# Another replica of the service: it writes one row through the outbox writer and commits.
OTHER_REPLICA = """
import asyncio, sys
import sqlalchemy as sa
from t2t_shared.db import create_engine, define_messaging_tables, session_factory
from t2t_shared.envelope import EventRecord
from t2t_shared.outbox.writer import OutboxWriter

async def main(url, topic, key):
    engine = create_engine(url)
    outbox, _ = define_messaging_tables(sa.MetaData())
    async with session_factory(engine)() as session:
        writer = OutboxWriter(session, outbox, source="/t2t/test/other", schema_base_url="x")
        await writer.add_record(EventRecord(topic, key, b"{}", [("ce_id", key.encode())]))
        await session.commit()
    await engine.dispose()

asyncio.run(main(*sys.argv[1:4]))
"""


@dataclass
class Running:
    url: str
    engine: AsyncEngine
    outbox: sa.Table
    processed: sa.Table
    relay: OutboxRelay
    topic: str
    bootstrap: str

    def unit_of_work(self) -> SqlUnitOfWork:
        """As a service builds it: the relay is woken after a commit that wrote rows."""
        return SqlUnitOfWork(
            session_factory(self.engine),
            outbox_table=self.outbox,
            inbox_table=self.processed,
            source="/t2t/test/wakeup",
            consumer="wakeup",
            schema_base_url="https://example.org/schemas",
            after_commit=self.relay.wake,
        )

    def record(self, key: str) -> EventRecord:
        return EventRecord(self.topic, key, json.dumps({"key": key}).encode(), [("ce_id", b"x")])

    async def keys_on_topic(self, expect: int) -> list[str]:
        records = await read_topic(self.bootstrap, self.topic, expect=expect, within=30)
        return [r.key.decode() for r in records]

    async def rows_of(self, key: str) -> int:
        async with self.engine.connect() as conn:
            count = await conn.scalar(
                sa.select(sa.func.count()).select_from(self.outbox).where(self.outbox.c.key == key)
            )
        return int(count or 0)


async def start_relay(infra: Infra, *, poll_interval_s: float) -> AsyncIterator[Running]:
    url = infra.make_database("wakeup").replace("postgresql://", "postgresql+asyncpg://")
    topic = f"{unique_prefix()}wakeup"
    connection = KafkaConnection(infra.kafka_bootstrap)
    await ensure_topics(connection, [TopicSpec(topic, 2)])
    engine = create_engine(url)
    metadata = sa.MetaData()
    outbox, processed = define_messaging_tables(metadata)
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    service = f"wakeup-{uuid.uuid4().hex[:6]}"
    relay = OutboxRelay(
        service=service,
        sessions=session_factory(engine),
        table=outbox,
        producer_factory=lambda: create_producer(connection, "wakeup-test"),
        poll_interval_s=poll_interval_s,
    )
    task = asyncio.create_task(relay.run())
    try:
        # The held-rows gauge is set last before the relay sleeps: from then on it has
        # done its first round, and only a wake-up (or the poll) starts another.
        await eventually(
            lambda: (
                REGISTRY.get_sample_value("t2t_outbox_quarantine_held", {"service": service})
                is not None
            ),
            within=30,
        )
        yield Running(url, engine, outbox, processed, relay, topic, infra.kafka_bootstrap)
    finally:
        await relay.stop()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await engine.dispose()


@pytest.fixture
async def running(infra: Infra) -> AsyncIterator[Running]:
    async for started in start_relay(infra, poll_interval_s=AN_HOUR):
        yield started


async def test_a_commit_in_the_relays_process_is_published_without_waiting_for_the_poll(
    running: Running,
) -> None:
    async with running.unit_of_work() as uow:
        await uow.outbox.add_record(running.record("committed-here"))
        await uow.commit()

    assert await running.keys_on_topic(expect=1) == ["committed-here"]


async def test_a_commit_in_another_process_wakes_the_leader_through_notify(
    running: Running,
) -> None:
    other = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        OTHER_REPLICA,
        running.url,
        running.topic,
        "committed-elsewhere",
        env={**os.environ, "PYTHONPATH": os.getcwd()},
    )
    assert await other.wait() == 0
    assert await running.rows_of("committed-elsewhere") == 1

    assert await running.keys_on_topic(expect=1) == ["committed-elsewhere"]


async def test_a_rolled_back_transaction_publishes_nothing(running: Running) -> None:
    async with running.unit_of_work() as uow:
        await uow.outbox.add_record(running.record("rolled-back"))
        # Leaving without commit() rolls back: no row, and no notification.
    async with running.unit_of_work() as uow:
        await uow.outbox.add_record(running.record("committed-after"))
        await uow.commit()

    # Had the first row gone out, it would be ahead of the second (a lower id).
    assert await running.keys_on_topic(expect=1) == ["committed-after"]
    assert await running.rows_of("rolled-back") == 0


async def test_a_row_whose_wake_up_was_lost_is_published_by_the_safety_poll(
    infra: Infra,
) -> None:
    async for started in start_relay(infra, poll_interval_s=0.5):
        # A plain insert: no notification, and nobody tells the relay.
        async with started.engine.begin() as conn:
            await conn.execute(sa.insert(started.outbox), [outbox_row(started.record("unheard"))])

        assert await started.keys_on_topic(expect=1) == ["unheard"]

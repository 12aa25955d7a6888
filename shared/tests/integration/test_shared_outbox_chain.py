"""The relay selects its next batch while the one before is at the broker, and sends it
only once the broker has answered, on the real database and broker."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import sqlalchemy as sa
from aiokafka import AIOKafkaProducer
from sqlalchemy.ext.asyncio import AsyncEngine

from t2t_shared.db import create_engine, define_messaging_tables, session_factory
from t2t_shared.envelope import EventRecord
from t2t_shared.messaging.kafka import KafkaConnection, create_producer
from t2t_shared.outbox import OutboxRelay
from t2t_shared.outbox.relay import RelayPublishError
from t2t_shared.outbox.writer import outbox_row
from t2t_shared.topics import TopicSpec, ensure_topics
from tests.fixtures.services import Infra, eventually, read_topic, unique_prefix

pytestmark = pytest.mark.integration

KEYS = [f"aggregate-{k}" for k in range(7)]


@dataclass
class Broker:
    """The real producer, with its acknowledgements held back or one partition refused."""

    connection: KafkaConnection
    held: asyncio.Event = field(default_factory=asyncio.Event)
    refuse_partition: int | None = None
    sends: list[tuple[int, int]] = field(default_factory=list)

    def producer(self) -> AIOKafkaProducer:
        producer = create_producer(self.connection, "chain-test")
        send_batch = producer.send_batch

        async def held_send(batch: Any, topic: str, *, partition: int) -> Any:
            self.sends.append((partition, batch.record_count()))
            if partition == self.refuse_partition:
                self.refuse_partition = None
                raise ConnectionError("refused once")
            acked = await send_batch(batch, topic, partition=partition)

            async def later() -> Any:
                await self.held.wait()
                return await acked

            return asyncio.ensure_future(later())

        producer.send_batch = held_send  # type: ignore[method-assign]
        return producer


@dataclass
class Setup:
    engine: AsyncEngine
    outbox: sa.Table
    topic: str
    broker: Broker
    relay: OutboxRelay

    async def insert(self, n: int) -> None:
        rows = [
            outbox_row(
                EventRecord(
                    self.topic,
                    KEYS[i % len(KEYS)],
                    json.dumps({"n": i}).encode(),
                    [("ce_id", str(i).encode())],
                )
            )
            for i in range(n)
        ]
        async with self.engine.begin() as conn:
            await conn.execute(sa.insert(self.outbox), rows)

    async def free_rows(self) -> int:
        """Unpublished rows nobody holds a lock on (the relay locks what it selected)."""
        o = self.outbox
        async with self.engine.begin() as conn:
            ids = await conn.scalars(
                sa.select(o.c.id)
                .where(o.c.published_at.is_(None))
                .with_for_update(skip_locked=True)
            )
            return len(ids.all())


@pytest.fixture
async def setup(infra: Infra) -> AsyncIterator[Setup]:
    topic = f"{unique_prefix()}chain"
    connection = KafkaConnection(infra.kafka_bootstrap)
    await ensure_topics(connection, [TopicSpec(topic, 3)])
    url = infra.make_database("chain").replace("postgresql://", "postgresql+asyncpg://")
    engine = create_engine(url)
    metadata = sa.MetaData()
    outbox, _ = define_messaging_tables(metadata)
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    broker = Broker(connection)
    relay = OutboxRelay(
        service="chain-test",
        sessions=session_factory(engine),
        table=outbox,
        producer_factory=broker.producer,
        batch_size=100,
    )
    try:
        yield Setup(engine, outbox, topic, broker, relay)
    finally:
        broker.held.set()
        await relay.stop()
        await engine.dispose()


def in_order_once(records: list[Any], n: int) -> None:
    by_key: dict[str, list[int]] = {}
    for record in sorted(records, key=lambda r: (r.partition, r.offset)):
        by_key.setdefault(record.key.decode(), []).append(json.loads(record.value)["n"])
    assert sum(len(v) for v in by_key.values()) == n
    for key, numbers in by_key.items():
        assert numbers == sorted(set(numbers)), f"{key} out of order or twice"


async def test_the_next_batch_is_selected_while_one_is_in_flight_and_sent_after_its_ack(
    setup: Setup,
) -> None:
    await setup.insert(250)
    chain = asyncio.create_task(setup.relay.publish_chain(max_batches=3))

    # The first batch's acknowledgement is held: the relay has meanwhile locked the
    # second batch's rows too (selected it), and has not sent any of them.
    async def second_batch_selected() -> bool:
        return await setup.free_rows() == 50

    await eventually(second_batch_selected, within=20)
    await eventually(lambda: sum(count for _, count in setup.broker.sends) == 100)
    assert sum(count for _, count in setup.broker.sends) == 100  # none of the second's
    setup.broker.held.set()
    done = await chain
    assert (done.published, done.more) == (250, False)
    assert await setup.relay.pending() == 0
    in_order_once(await read_topic(setup.broker.connection.bootstrap, setup.topic, expect=250), 250)


async def test_after_a_partition_failed_nothing_more_is_sent_until_it_goes_through(
    setup: Setup,
) -> None:
    setup.broker.held.set()
    setup.broker.refuse_partition = 1
    await setup.insert(300)
    with pytest.raises(RelayPublishError):
        await setup.relay.publish_chain(max_batches=3)
    # Only the first batch went to the broker; its refused rows and the two batches
    # selected behind it are all still to publish.
    assert sum(count for _, count in setup.broker.sends) == 100
    left = await setup.relay.pending()
    assert 200 < left < 300
    assert (await setup.relay.publish_chain(max_batches=5)).published == left
    assert await setup.relay.pending() == 0
    in_order_once(await read_topic(setup.broker.connection.bootstrap, setup.topic, expect=300), 300)

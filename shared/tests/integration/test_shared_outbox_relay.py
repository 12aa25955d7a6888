"""The outbox relay against the real database and broker."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sqlalchemy as sa
from aiokafka.partitioner import DefaultPartitioner

from t2t_shared.db import create_engine, define_messaging_tables, session_factory
from t2t_shared.envelope import EventRecord
from t2t_shared.messaging.kafka import KafkaConnection, create_producer
from t2t_shared.outbox import OutboxRelay
from t2t_shared.outbox.writer import outbox_row
from t2t_shared.topics import TopicSpec, ensure_topics
from tests.fixtures.services import Infra, read_topic, unique_prefix

pytestmark = pytest.mark.integration


async def test_every_row_goes_out_once_and_each_key_in_order(infra: Infra) -> None:
    topic = f"{unique_prefix()}relay"
    connection = KafkaConnection(infra.kafka_bootstrap)
    await ensure_topics(connection, [TopicSpec(topic, 3)])
    engine = create_engine(
        infra.make_database("relay").replace("postgresql://", "postgresql+asyncpg://")
    )
    metadata = sa.MetaData()
    outbox, _ = define_messaging_tables(metadata)
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    keys = [f"aggregate-{k}" for k in range(7)]
    rows = [
        outbox_row(
            EventRecord(
                topic, keys[n % 7], json.dumps({"n": n}).encode(), [("ce_id", str(n).encode())]
            )
        )
        for n in range(1_200)
    ]
    async with engine.begin() as conn:
        await conn.execute(sa.insert(outbox), rows)
    relay = OutboxRelay(
        service="test",
        sessions=session_factory(engine),
        table=outbox,
        producer_factory=lambda: create_producer(connection, "relay-test"),
        batch_size=500,
    )
    try:
        published = [await relay.publish_batch() for _ in range(4)]
        assert published == [500, 500, 200, 0]
        assert await relay.pending() == 0
    finally:
        await relay.stop()
        await engine.dispose()

    records = await read_topic(infra.kafka_bootstrap, topic, expect=1_200)
    assert len(records) == 1_200
    by_key: dict[str, list[Any]] = {}
    for record in records:
        by_key.setdefault(record.key.decode(), []).append(record)
    for key, received in by_key.items():
        # The partition Kafka's default partitioner would choose, as any other producer would.
        expected = DefaultPartitioner()(key.encode(), [0, 1, 2], [0, 1, 2])
        assert {r.partition for r in received} == {expected}, f"{key} not where Kafka puts it"
        numbers = [json.loads(r.value)["n"] for r in sorted(received, key=lambda r: r.offset)]
        assert numbers == sorted(numbers), f"{key} out of order"
        assert [dict(r.headers)["ce_id"] for r in sorted(received, key=lambda r: r.offset)] == [
            str(n).encode() for n in numbers
        ]
    assert len({r.partition for r in records}) > 1

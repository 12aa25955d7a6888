"""An outbox row the broker can never take: quarantined after N attempts, its key held."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sqlalchemy as sa
from prometheus_client import REGISTRY

from t2t_shared.db import create_engine, define_messaging_tables, session_factory
from t2t_shared.envelope import EventRecord
from t2t_shared.messaging.kafka import KafkaConnection, create_producer
from t2t_shared.outbox import OutboxRelay
from t2t_shared.outbox.writer import outbox_row
from t2t_shared.topics import TopicSpec, ensure_topics
from tests.fixtures.services import Infra, read_topic, unique_prefix

pytestmark = pytest.mark.integration

# What the README gives operators to let a quarantined row's key go on without it.
RELEASE_SQL = (
    "UPDATE outbox SET published_at = now(), last_error = 'released: ' || last_error "
    "WHERE id = :id AND quarantined_at IS NOT NULL"
)


def row(topic: str, key: str, n: int, padding: int = 0) -> dict[str, Any]:
    value = json.dumps({"n": n, "secret": "Jane Doe", "pad": "x" * padding}).encode()
    return outbox_row(EventRecord(topic, key, value, [("ce_id", f"{key}-{n}".encode())]))


async def test_an_oversized_row_is_quarantined_and_holds_only_its_key(infra: Infra) -> None:
    topic = f"{unique_prefix()}quarantine"
    connection = KafkaConnection(infra.kafka_bootstrap)
    await ensure_topics(connection, [TopicSpec(topic, 3)])
    url = infra.make_database("quarantine").replace("postgresql://", "postgresql+asyncpg://")
    engine = create_engine(url)
    metadata = sa.MetaData()
    outbox, _ = define_messaging_tables(metadata)
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
        await conn.execute(
            sa.insert(outbox),
            [
                row(topic, "held", 1),
                row(topic, "held", 2, padding=20_000),  # over the limit below
                row(topic, "free", 1),
                row(topic, "held", 3),
                row(topic, "free", 2),
            ],
        )
    relay = OutboxRelay(
        service="quarantine-test",
        sessions=session_factory(engine),
        table=outbox,
        producer_factory=lambda: create_producer(connection, "quarantine-test"),
        quarantine_after=2,
        max_record_bytes=10_000,
    )
    before = REGISTRY.get_sample_value(
        "t2t_outbox_quarantined_total", {"service": "quarantine-test"}
    )
    try:
        # Attempt 1: everything but the big row and the row of its key behind it goes out.
        assert await relay.publish_batch() == 3
        # Attempt 2 quarantines it; nothing else is left to send.
        with pytest.raises(RuntimeError):
            await relay.publish_batch()
        assert await relay.publish_batch() == 0
        async with engine.connect() as conn:
            rows = {
                (r.key, json.loads(r.value)["n"]): r
                for r in await conn.execute(sa.select(outbox).order_by(outbox.c.id))
            }
        big = rows[("held", 2)]
        assert big.quarantined_at is not None
        assert big.published_at is None
        assert big.attempts == 2
        assert "RecordTooLarge" in big.last_error
        assert "Jane" not in big.last_error
        assert "xxx" not in big.last_error
        assert rows[("held", 3)].published_at is None, "a later row of the key overtook it"
        assert rows[("held", 1)].published_at is not None
        assert all(rows[("free", n)].published_at is not None for n in (1, 2))
        assert await relay.held() == 2
        after = REGISTRY.get_sample_value(
            "t2t_outbox_quarantined_total", {"service": "quarantine-test"}
        )
        assert (after or 0) - (before or 0) == 1

        # An operator releases it (README): the rest of its key follows.
        async with engine.begin() as conn:
            await conn.execute(sa.text(RELEASE_SQL), {"id": big.id})
        assert await relay.publish_batch() == 1
        assert await relay.pending() == 0
    finally:
        await relay.stop()
        await engine.dispose()

    records = await read_topic(infra.kafka_bootstrap, topic, expect=4)
    received = [
        (r.key.decode(), json.loads(r.value)["n"]) for r in sorted(records, key=lambda r: r.offset)
    ]
    assert sorted(received) == [("free", 1), ("free", 2), ("held", 1), ("held", 3)]
    held = [n for key, n in received if key == "held"]
    assert held == [1, 3]

"""The shared topic readers, over the real broker: they wait for records, not for a window."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from tests.fixtures.services import publish
from tests.fixtures.topics import Records, read_to_end, read_until

pytestmark = pytest.mark.integration


async def _topic(bootstrap: str, partitions: int = 3) -> str:
    name = f"t2t.test{uuid.uuid4().hex[:6]}.readers"
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(name, partitions, 1)])
    finally:
        await admin.close()
    return name


def _records(
    topic: str, n: int
) -> list[tuple[str, bytes | None, bytes | None, list[tuple[str, bytes]]]]:
    return [(topic, f"k{i}".encode(), f"v{i}".encode(), []) for i in range(n)]


async def test_read_until_waits_for_records_published_later(kafka_bootstrap: str) -> None:
    topic = await _topic(kafka_bootstrap)

    async def later() -> None:
        await asyncio.sleep(1.0)
        await publish(kafka_bootstrap, _records(topic, 3))

    publishing = asyncio.create_task(later())
    records = await read_until(kafka_bootstrap, topic, lambda rs: len(rs) >= 3, within=60)
    await publishing
    assert sorted(r.value for r in records) == [b"v0", b"v1", b"v2"]


async def test_read_until_fails_naming_the_topic_when_nothing_comes(kafka_bootstrap: str) -> None:
    topic = await _topic(kafka_bootstrap)
    with pytest.raises(AssertionError, match=f"{topic}: the expected records did not arrive"):
        await read_until(kafka_bootstrap, topic, lambda rs: len(rs) >= 1, within=1)


async def test_settle_sees_a_late_duplicate(kafka_bootstrap: str) -> None:
    topic = await _topic(kafka_bootstrap, partitions=1)
    await publish(kafka_bootstrap, _records(topic, 1))
    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")
    await producer.start()  # connected beforehand: the late send is a single request
    late: list[asyncio.Task[Any]] = []

    def first_read(records: Records) -> bool:
        # Sent only once the reader holds the first and is done waiting: only the settle
        # can see it.
        if records and not late:
            late.append(asyncio.create_task(producer.send_and_wait(topic, b"v0", key=b"k0")))
        return bool(records)

    try:
        records = await read_until(kafka_bootstrap, topic, first_read, settle=3.0)
        await late[0]
    finally:
        await producer.stop()
    assert len(records) == 2


async def test_read_to_end_reads_every_partition_including_empty_ones(kafka_bootstrap: str) -> None:
    topic = await _topic(kafka_bootstrap, partitions=4)
    assert await read_to_end(kafka_bootstrap, topic) == []
    await publish(kafka_bootstrap, _records(topic, 7))
    assert len(await read_to_end(kafka_bootstrap, topic)) == 7

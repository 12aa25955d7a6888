"""Reads one record back from its topic: how a withheld contact record is retried.

A contact record's retry copy carries only its key and headers, so its value is never
in a topic that more readers can see, and an erasure's tombstone needs to reach no copy.
The retry reads the value again from the compacted contacts topic itself, at the offset
the failure headers name.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition

from t2t_shared.messaging.infra import InfrastructureUnavailable


@dataclass(frozen=True)
class Original:
    """What the topic holds now at that offset; `superseded` when compaction removed it."""

    value: bytes | None
    headers: list[tuple[str, bytes | None]]
    superseded: bool


class SourceReader:
    """One group-less consumer, assigned to a partition and sought for each read."""

    def __init__(self, consumer_factory: Callable[[], AIOKafkaConsumer], timeout_s: float = 10.0):
        self._factory = consumer_factory
        self._timeout_s = timeout_s
        self._consumer: AIOKafkaConsumer | None = None
        self._lock = asyncio.Lock()

    async def read(self, topic: str, partition: int, offset: int, key: bytes | None) -> Original:
        async with self._lock:
            consumer = await self._started()
            tp = TopicPartition(topic, partition)
            consumer.assign([tp])
            consumer.seek(tp, offset)
            loop = asyncio.get_running_loop()
            deadline = loop.time() + self._timeout_s
            while loop.time() < deadline:
                batch = await consumer.getmany(tp, timeout_ms=500, max_records=1)
                for record in batch.get(tp, []):
                    return _original(record, offset, key)
            raise InfrastructureUnavailable(f"could not read {topic}[{partition}]@{offset}")

    async def _started(self) -> AIOKafkaConsumer:
        if self._consumer is None:
            consumer = self._factory()
            await consumer.start()
            self._consumer = consumer
        return self._consumer

    async def close(self) -> None:
        if self._consumer is not None:
            await self._consumer.stop()
            self._consumer = None


def _original(record: Any, offset: int, key: bytes | None) -> Original:
    # Compaction keeps the latest record of a key and drops older ones: a later offset (or
    # another key) means a newer record of this key was published, and it is the truth.
    if record.offset != offset or record.key != key:
        return Original(None, [], superseded=True)
    return Original(record.value, list(record.headers or []), superseded=False)

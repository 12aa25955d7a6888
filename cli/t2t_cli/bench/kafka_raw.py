"""Phase 1: what the broker does with aiokafka alone, the yardstick for everything else."""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer
from rich.progress import Progress

from t2t_shared.messaging.kafka import KafkaConnection, create_producer
from t2t_shared.topics import TopicSpec, ensure_topics

from .config import RECORD_BYTES, BenchConfig
from .ui import Counter, ticking


@dataclass(frozen=True)
class RawResult:
    records: int
    record_bytes: int
    produce_s: float
    consume_s: float

    @property
    def produce_per_s(self) -> float:
        return self.records / self.produce_s

    @property
    def consume_per_s(self) -> float:
        return self.records / self.consume_s


async def bench_raw(
    bootstrap: str, topic: str, config: BenchConfig, progress: Progress
) -> RawResult:
    connection = KafkaConnection(bootstrap)
    await ensure_topics(connection, [TopicSpec(topic, config.partitions)])
    n = config.raw_records
    produce_s = await _produce(connection, topic, n, progress)
    consume_s = await _consume(bootstrap, topic, n, progress)
    return RawResult(n, RECORD_BYTES, produce_s, consume_s)


async def _produce(connection: KafkaConnection, topic: str, n: int, progress: Progress) -> float:
    # The relay's own producer settings (acks=all, linger, batch size), so the relay's
    # ratio to this figure measures the relay and nothing else.
    producer = create_producer(connection, "t2t-bench-raw")
    await producer.start()
    value = os.urandom(RECORD_BYTES)
    keys = [str(uuid.uuid4()).encode() for _ in range(n)]  # keyed like aggregate ids
    acked = Counter()
    try:
        async with ticking(progress, "raw aiokafka produce (acks=all)", n, lambda: acked.value):
            started = time.perf_counter()
            futures = []
            for key in keys:
                future = await producer.send(topic, value=value, key=key)
                future.add_done_callback(lambda _: acked.add())
                futures.append(future)
            await asyncio.gather(*futures)
            return time.perf_counter() - started
    finally:
        await producer.stop()


async def _consume(bootstrap: str, topic: str, n: int, progress: Progress) -> float:
    # No group: a group join on Tansu takes seconds and is not what is being measured.
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    got = Counter()
    deadline = time.monotonic() + max(30.0, n / 2_000)
    try:
        async with ticking(progress, "raw aiokafka consume", n, lambda: got.value):
            started = time.perf_counter()
            while got.value < n:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"consumed {got.value} of {n} records before the deadline")
                batches = await consumer.getmany(timeout_ms=500, max_records=10_000)
                got.add(sum(len(records) for records in batches.values()))
            return time.perf_counter() - started
    finally:
        await consumer.stop()

"""Every record of every topic of the run, read from the start without a consumer group."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from t2t_shared.messaging.failures import CONSUMER, ERROR, ORIGINAL_TOPIC


@dataclass(frozen=True)
class TopicRecord:
    topic: str
    partition: int
    offset: int
    key: str | None
    ce_id: str | None
    ce_type: str | None
    error: str | None = None
    consumer: str | None = None
    original_topic: str | None = None


def _header(headers: list[tuple[str, bytes | None]], name: str) -> str | None:
    for key, value in headers:
        if key == name and value is not None:
            return value.decode(errors="replace")
    return None


class TopicReader:
    """Reads on in the background; ``caught_up`` says whether it has reached every end."""

    def __init__(self, bootstrap: str, prefix: str) -> None:
        self.bootstrap, self.prefix = bootstrap, prefix
        self.records: list[TopicRecord] = []
        self.partitions: list[TopicPartition] = []
        self._consumer: AIOKafkaConsumer | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._consumer = AIOKafkaConsumer(
            bootstrap_servers=self.bootstrap,
            group_id=None,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
        )
        await self._consumer.start()
        topics = sorted(t for t in await self._consumer.topics() if t.startswith(self.prefix))
        for topic in topics:
            for partition in sorted(self._consumer.partitions_for_topic(topic) or ()):
                self.partitions.append(TopicPartition(topic, partition))
        self._consumer.assign(self.partitions)
        await self._consumer.seek_to_beginning(*self.partitions)
        self._task = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self._consumer is not None
        while True:
            batches = await self._consumer.getmany(timeout_ms=500, max_records=5000)
            for messages in batches.values():
                for m in messages:
                    headers = list(m.headers or ())
                    self.records.append(
                        TopicRecord(
                            topic=m.topic,
                            partition=m.partition,
                            offset=m.offset,
                            key=m.key.decode(errors="replace") if m.key is not None else None,
                            ce_id=_header(headers, "ce_id"),
                            ce_type=_header(headers, "ce_type"),
                            error=_header(headers, ERROR),
                            consumer=_header(headers, CONSUMER),
                            original_topic=_header(headers, ORIGINAL_TOPIC),
                        )
                    )

    async def ends(self) -> dict[TopicPartition, int] | None:
        """Each partition's high-water mark, once every partition has answered a fetch.

        From the fetch responses, not ListOffsets, which the local broker gets wrong.
        """
        assert self._consumer is not None
        ends = {}
        for tp in self.partitions:
            end = self._consumer.highwater(tp)
            if end is None:
                return None
            ends[tp] = end
        return ends

    async def caught_up(self) -> bool:
        assert self._consumer is not None
        ends = await self.ends()
        if ends is None:
            return False
        for tp, end in ends.items():
            if await self._consumer.position(tp) < end:
                return False
        return True

    async def lag(self) -> dict[str, int] | None:
        """Records not yet committed, by consumer group and partition (None: not known yet)."""
        ends = await self.ends()
        if ends is None:
            return None
        admin = AIOKafkaAdminClient(bootstrap_servers=self.bootstrap, request_timeout_ms=5000)
        await admin.start()
        try:
            groups = [g[0] for g in await admin.list_consumer_groups()]
            lag: dict[str, int] = {}
            for group in groups:
                offsets = await admin.list_consumer_group_offsets(group, partitions=self.partitions)
                for tp, meta in offsets.items():
                    # -1: the group does not read this partition (or never committed on it).
                    if meta.offset >= 0 and tp in ends and ends[tp] > meta.offset:
                        lag[f"{group} {tp.topic}/{tp.partition}"] = ends[tp] - meta.offset
            return lag
        finally:
            await admin.close()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        if self._consumer is not None:
            await self._consumer.stop()

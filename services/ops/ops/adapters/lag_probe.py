"""Measures where each consumer group stands: committed offsets against fetch high-water marks.

Tansu answers ListOffsets "latest" wrongly for batched partitions, so the high-water mark is
taken from a fetch at the committed offset; the record found there dates the oldest event
the group has not processed. The record's value is never looked at.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from ops.adapters.discovery import partitions_by_topic
from ops.domain.lag import NO_COMMIT, PartitionPosition, subscribed_topics
from ops.domain.topic_selection import TopicSelection
from t2t_shared.messaging.kafka import KafkaConnection


class KafkaLagProbe:
    def __init__(
        self, connection: KafkaConnection, selection: TopicSelection, *, fetch_within_s: float = 2.0
    ) -> None:
        self._connection = connection
        self._selection = selection
        self._fetch_within_s = fetch_within_s
        self._admin: AIOKafkaAdminClient | None = None
        self._consumer: AIOKafkaConsumer | None = None

    async def close(self) -> None:
        admin, consumer = self._admin, self._consumer
        self._admin = self._consumer = None
        with contextlib.suppress(Exception):
            if admin is not None:
                await admin.close()
        with contextlib.suppress(Exception):
            if consumer is not None:
                await consumer.stop()

    async def positions(self, groups: list[str]) -> dict[str, list[PartitionPosition]]:
        """Each group's position on every partition of the public topics it reads."""
        try:
            admin, consumer = await self._clients()
            partitions = await self._public_partitions(admin)
            result: dict[str, list[PartitionPosition]] = {}
            for group in groups:
                committed = await self._committed(admin, group, partitions)
                topics = subscribed_topics(committed)
                mine = {tp: o for tp, o in committed.items() if tp[0] in topics}
                result[group] = await self._measure(consumer, mine)
            return result
        except Exception:
            await self.close()
            raise

    async def _clients(self) -> tuple[AIOKafkaAdminClient, AIOKafkaConsumer]:
        if self._admin is None or self._consumer is None:
            kwargs = self._connection.client_kwargs()
            admin = AIOKafkaAdminClient(**kwargs, request_timeout_ms=5000)
            consumer = AIOKafkaConsumer(
                **kwargs,
                group_id=None,
                enable_auto_commit=False,
                fetch_max_wait_ms=100,
                max_partition_fetch_bytes=64 * 1024,
            )
            self._admin, self._consumer = admin, consumer
            await admin.start()
            await consumer.start()
        return self._admin, self._consumer

    async def _public_partitions(self, admin: AIOKafkaAdminClient) -> list[TopicPartition]:
        found = await partitions_by_topic(admin)
        return [
            TopicPartition(topic, p)
            for topic in sorted(found)
            if self._selection.kind(topic) == "events"
            for p in found[topic]
        ]

    async def _committed(
        self, admin: AIOKafkaAdminClient, group: str, partitions: list[TopicPartition]
    ) -> dict[tuple[str, int], int]:
        if not partitions:
            return {}
        # Explicit partitions: Tansu does not answer the "all partitions" form.
        offsets = await admin.list_consumer_group_offsets(group, partitions=partitions)
        found = {(tp.topic, tp.partition): meta.offset for tp, meta in offsets.items()}
        return {
            (tp.topic, tp.partition): found.get((tp.topic, tp.partition), NO_COMMIT)
            for tp in partitions
        }

    async def _measure(
        self, consumer: AIOKafkaConsumer, committed: dict[tuple[str, int], int]
    ) -> list[PartitionPosition]:
        if not committed:
            return []
        tps = [TopicPartition(t, p) for t, p in committed]
        consumer.assign(tps)
        for tp in tps:
            consumer.seek(tp, max(committed[(tp.topic, tp.partition)], 0))
        oldest: dict[TopicPartition, datetime] = {}
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._fetch_within_s
        while loop.time() < deadline:
            batches = await consumer.getmany(timeout_ms=200, max_records=len(tps) * 10)
            for tp, records in batches.items():
                if records and tp not in oldest:
                    oldest[tp] = datetime.fromtimestamp(records[0].timestamp / 1000, UTC)
            if all(self._settled(consumer, tp, committed, oldest) for tp in tps):
                break
        return [
            PartitionPosition(
                tp.topic,
                tp.partition,
                committed[(tp.topic, tp.partition)],
                consumer.highwater(tp) or 0,
                oldest.get(tp),
            )
            for tp in tps
        ]

    @staticmethod
    def _settled(
        consumer: AIOKafkaConsumer,
        tp: TopicPartition,
        committed: dict[tuple[str, int], int],
        oldest: dict[TopicPartition, datetime],
    ) -> bool:
        high = consumer.highwater(tp)
        if high is None:
            return False
        return tp in oldest or high <= max(committed[(tp.topic, tp.partition)], 0)

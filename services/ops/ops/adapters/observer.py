"""Reads every public topic and DLQ, then follows them: a read-only observer.

A plain consumer with no group: partitions are assigned, not subscribed, and nothing is
committed to Kafka, so the console never joins (or disturbs) the services' consumer groups.
Events topics resume from the offsets the sink stored with its read models (the beginning
when it has none); DLQs are read from the beginning (their view is in memory).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from prometheus_client import Counter, Gauge

from ops.adapters.batch_pipeline import BatchPipeline
from ops.adapters.discovery import partitions_by_topic
from ops.adapters.observer_sink import ObserverSink, Progress
from ops.adapters.records import as_dead_letter, as_event
from ops.domain.observed import ObservedEvent
from ops.domain.topic_selection import TopicSelection
from t2t_shared.messaging.kafka import KafkaConnection

log = logging.getLogger(__name__)

OBSERVED = Counter("t2t_ops_records_observed_total", "Records the console read", ["kind"])
PROGRESS = Gauge("t2t_ops_rebuild_progress", "Share of the topics read since start-up (0-1)")


class TopicObserver:
    def __init__(
        self,
        connection: KafkaConnection,
        selection: TopicSelection,
        sink: ObserverSink,
        *,
        refresh_s: float = 5.0,
        max_records: int = 2000,
    ) -> None:
        self._connection = connection
        self.selection = selection
        self._sink = sink
        self._refresh_s = refresh_s
        self._max_records = max_records
        self._consumer: AIOKafkaConsumer | None = None
        self._admin: AIOKafkaAdminClient | None = None
        self._assigned: set[TopicPartition] = set()
        # The high-water mark each partition had when first fetched: what "rebuilt" means.
        self._initial: dict[TopicPartition, int] = {}
        self._start: dict[TopicPartition, int] = {}
        self._read = 0
        self._rebuild_requested = asyncio.Event()
        self._pipeline = BatchPipeline(lambda tp, offset: self._require().seek(tp, offset))
        self._reached: set[TopicPartition] = set()
        self._caught_up_once = False
        self._refreshed_at = 0.0
        self._refreshed_once = False
        self._stopped = asyncio.Event()

    async def start(self) -> None:
        consumer = AIOKafkaConsumer(
            **self._connection.client_kwargs(),
            group_id=None,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            fetch_max_wait_ms=200,
            metadata_max_age_ms=5000,
        )
        admin = AIOKafkaAdminClient(**self._connection.client_kwargs(), request_timeout_ms=5000)
        self._consumer, self._admin = consumer, admin
        try:
            await consumer.start()
            await admin.start()
            await self.refresh()
        except Exception:
            await self._drop_consumer()
            raise

    async def close(self) -> None:
        self._stopped.set()
        with contextlib.suppress(Exception):
            await self._pipeline.settle()  # store the batch in hand before stopping
        await self._drop_consumer()

    async def refresh(self) -> None:
        """Pick up topics created since the last look (a service that started later)."""
        consumer = self._require()
        assert self._admin is not None
        self._refreshed_at = time.monotonic()
        wanted = set(self._assigned)
        for topic, partitions in (await partitions_by_topic(self._admin)).items():
            if self.selection.kind(topic) is not None:
                wanted.update(TopicPartition(topic, p) for p in partitions)
        new = wanted - self._assigned
        if not new:
            self._refreshed_once = True
            return
        positions = {tp: await consumer.position(tp) for tp in self._assigned}
        consumer.assign(list(wanted))
        # assign() forgets positions: put the known partitions back where they were.
        for tp, offset in positions.items():
            consumer.seek(tp, offset)
        stored = await self._sink.stored_offsets()
        for tp in new:
            start = stored.get((tp.topic, tp.partition), 0)
            consumer.seek(tp, start) if start else await consumer.seek_to_beginning(tp)
            self._start[tp] = start
        if self._caught_up_once:
            # Appeared after the rebuild: everything on it is live.
            self._initial.update(dict.fromkeys(new, 0))
        self._assigned = wanted
        self._refreshed_once = True
        log.info("observing topics", extra={"partitions": len(wanted), "new": len(new)})

    async def poll(self, timeout_ms: int = 500) -> int:
        """Read one batch and hand each record to the sink; returns how many were read."""
        consumer = self._require()
        if not self._assigned:
            await asyncio.sleep(timeout_ms / 1000)
            return 0
        batches = await consumer.getmany(timeout_ms=timeout_ms, max_records=self._max_records)
        for tp in self._assigned:
            high = consumer.highwater(tp)
            if tp not in self._initial and high is not None:
                self._initial[tp] = high
        count = await self._handle_batch(batches)
        if not count:
            await self._pipeline.settle()
        self._read += count
        if not self._caught_up_once:
            await self._note_reached(consumer)
        PROGRESS.set(self.progress().share)
        return count

    async def catch_up(self, *, within: float = 60.0) -> Progress:
        """Read until every partition reached the high-water mark it had when first fetched."""
        deadline = time.monotonic() + within
        while not self.progress().caught_up and time.monotonic() < deadline:
            await self.poll(timeout_ms=300)
        return self.progress()

    async def run(self) -> None:
        """The service's worker: connect (retrying), rebuild with progress logs, then follow."""
        await self._connect_with_backoff()
        started, last_log = time.monotonic(), 0.0
        while not self._stopped.is_set():
            try:
                if self._rebuild_requested.is_set():
                    await self._rebuild()
                    started = time.monotonic()
                if time.monotonic() - self._refreshed_at > self._refresh_s:
                    await self.refresh()
                await self.poll()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("observer read failed; retrying", extra={"error": type(exc).__name__})
                await asyncio.sleep(1.0)
                continue
            progress = self.progress()
            if progress.caught_up and not self._caught_up_once:
                self._caught_up_once = True
                seconds = round(time.monotonic() - started, 2)
                log.info("read models rebuilt", extra={"records": progress.read, "s": seconds})
            elif not self._caught_up_once and time.monotonic() - last_log > 2.0:
                last_log = time.monotonic()
                percent = round(100 * progress.share, 1)
                extra = {"read": progress.read, "target": progress.target, "percent": percent}
                log.info("rebuilding read models", extra=extra)

    def progress(self) -> Progress:
        caught_up = not self._rebuild_requested.is_set() and (
            self._caught_up_once
            or (
                self._consumer is not None
                and self._refreshed_once
                and self._reached >= self._assigned
                and self._pipeline.idle
            )
        )
        target = sum(max(0, high - self._start.get(tp, 0)) for tp, high in self._initial.items())
        return Progress(self._read, target, len(self._assigned), caught_up)

    async def _note_reached(self, consumer: AIOKafkaConsumer) -> None:
        for tp in self._assigned - self._reached:
            if tp in self._initial and await consumer.position(tp) >= self._initial[tp]:
                self._reached.add(tp)

    async def _handle_batch(
        self, batches: dict[TopicPartition, list[ConsumerRecord[Any, Any]]]
    ) -> int:
        events: list[ObservedEvent] = []
        offsets: dict[tuple[str, int], int] = {}
        live = False
        for tp, records in batches.items():
            if not records:
                continue
            if self.selection.kind(tp.topic) == "dlq":
                for record in records:
                    OBSERVED.labels("dlq").inc()
                    letter = as_dead_letter(record)
                    self._sink.on_dead_letter(letter, live=self._is_live(tp, record.offset))
                continue
            for record in records:
                event = as_event(record)
                OBSERVED.labels("event" if event else "undecodable").inc()
                if event is not None:
                    events.append(self.selection.qualify(event))
            offsets[(tp.topic, tp.partition)] = records[-1].offset + 1
            live = live or self._is_live(tp, records[-1].offset)
        if offsets:
            firsts = {
                tp: records[0].offset
                for tp, records in batches.items()
                if records and self.selection.kind(tp.topic) == "events"
            }
            try:
                await self._pipeline.submit(
                    self._sink.on_events(events, offsets, live=live), firsts
                )
            except BaseException:
                self._reached.clear()  # rewound: not caught up until read (and stored) again
                raise
        return sum(len(r) for r in batches.values())

    def _is_live(self, tp: TopicPartition, offset: int) -> bool:
        return offset >= self._initial.get(tp, 0)

    def request_rebuild(self) -> None:
        """Truncate the read models and read the events topics again from the beginning."""
        self._rebuild_requested.set()

    async def _rebuild(self) -> None:
        consumer = self._require()
        await self._pipeline.settle()
        events = [tp for tp in self._assigned if self.selection.kind(tp.topic) == "events"]
        # Not caught up from here on, until the events topics are read again.
        self._read, self._caught_up_once = 0, False
        for tp in events:
            self._initial.pop(tp, None)
            self._reached.discard(tp)
        self._start.update(dict.fromkeys(events, 0))
        await self._sink.reset()
        if events:
            await consumer.seek_to_beginning(*events)
        self._rebuild_requested.clear()
        log.info("rebuilding read models from the beginning", extra={"partitions": len(events)})

    async def _connect_with_backoff(self) -> None:
        backoff = 0.5
        while self._consumer is None and not self._stopped.is_set():
            try:
                await self.start()
            except Exception as exc:
                log.warning(
                    "broker not reachable; observer will retry",
                    extra={"error": type(exc).__name__, "retry_in_s": backoff},
                )
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 30.0)

    async def _drop_consumer(self) -> None:
        consumer, admin = self._consumer, self._admin
        self._consumer = self._admin = None
        with contextlib.suppress(Exception):
            if consumer is not None:
                await consumer.stop()
        with contextlib.suppress(Exception):
            if admin is not None:
                await admin.close()

    def _require(self) -> AIOKafkaConsumer:
        if self._consumer is None:
            raise RuntimeError("the observer is not started")
        return self._consumer

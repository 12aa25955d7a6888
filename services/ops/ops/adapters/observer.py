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

from aiokafka import AIOKafkaConsumer, TopicPartition
from prometheus_client import Gauge

from ops.adapters.batch_pipeline import BatchPipeline
from ops.adapters.discovery import partitions_by_topic
from ops.adapters.observer_batches import Records, split_fetch
from ops.adapters.observer_clients import ObserverClients
from ops.adapters.observer_sink import ObserverSink, Progress
from ops.adapters.rebuild_progress import RebuildProgress
from ops.domain.topic_selection import TopicSelection
from t2t_shared.messaging.kafka import KafkaConnection

log = logging.getLogger(__name__)

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
        self._clients = ObserverClients(connection)
        self.selection = selection
        self._sink = sink
        self._refresh_s = refresh_s
        self._max_records = max_records
        self._assigned: set[TopicPartition] = set()
        self._rebuild = RebuildProgress()
        self._rebuild_requested = asyncio.Event()
        self._pipeline = BatchPipeline(lambda tp, offset: self._require().seek(tp, offset))
        self._refreshed_at = 0.0
        self._refreshed_once = False
        self._stopped = asyncio.Event()

    async def start(self) -> None:
        await self._clients.open()
        try:
            await self.refresh()
        except Exception:
            await self._clients.close()
            raise

    async def close(self) -> None:
        self._stopped.set()
        with contextlib.suppress(Exception):
            await self._pipeline.settle()  # store the batch in hand before stopping
        await self._clients.close()

    async def refresh(self) -> None:
        """Pick up topics created since the last look (a service that started later)."""
        consumer, admin = self._clients.require()
        self._refreshed_at = time.monotonic()
        wanted = set(self._assigned)
        for topic, partitions in (await partitions_by_topic(admin)).items():
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
            # Appeared after the rebuild: everything on it is live.
            self._rebuild.starts_at(tp, start, after_rebuild=self._rebuild.caught_up_once)
        self._assigned = wanted
        self._refreshed_once = True
        log.info("observing topics", extra={"partitions": len(wanted), "new": len(new)})

    async def poll(self, timeout_ms: int = 500) -> int:
        """Read one batch and hand each record to the sink; returns how many were read."""
        consumer = self._require()
        if not self._assigned:
            await asyncio.sleep(timeout_ms / 1000)
            return 0
        fetched = await consumer.getmany(timeout_ms=timeout_ms, max_records=self._max_records)
        self._rebuild.fetched(self._assigned, consumer.highwater)
        count = await self._submit(fetched)
        if not count:
            await self._pipeline.settle()
        self._rebuild.read += count
        if not self._rebuild.caught_up_once:
            await self._rebuild.note_reached(self._assigned, consumer.position)
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
        self._rebuild.started()
        while not self._stopped.is_set():
            try:
                if self._rebuild_requested.is_set():
                    await self._start_rebuild()
                    self._rebuild.started()
                if time.monotonic() - self._refreshed_at > self._refresh_s:
                    await self.refresh()
                await self.poll()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("observer read failed; retrying", extra={"error": type(exc).__name__})
                await asyncio.sleep(1.0)
                continue
            self._rebuild.report(self.progress())

    def progress(self) -> Progress:
        ready = self._clients.consumer is not None and self._refreshed_once
        progress = self._rebuild.progress(self._assigned, ready=ready, idle=self._pipeline.idle)
        if self._rebuild_requested.is_set():
            return Progress(progress.read, progress.target, progress.partitions, False)
        return progress

    async def _submit(self, fetched: Records) -> int:
        """Dead letters to the sink now; the events to be applied while the next fetch runs."""
        batch = split_fetch(fetched, self.selection, self._sink, self._rebuild.is_live)
        if batch.offsets:
            apply = self._sink.on_events(batch.events, batch.offsets, live=batch.live)
            try:
                await self._pipeline.submit(apply, batch.firsts)
            except BaseException:
                self._rebuild.rewound()  # not caught up until read (and stored) again
                raise
        return sum(len(r) for r in fetched.values())

    def request_rebuild(self) -> None:
        """Truncate the read models and read the events topics again from the beginning."""
        self._rebuild_requested.set()

    async def _start_rebuild(self) -> None:
        consumer = self._require()
        await self._pipeline.settle()
        events = [tp for tp in self._assigned if self.selection.kind(tp.topic) == "events"]
        # Not caught up from here on, until the events topics are read again.
        self._rebuild.restart(events)
        await self._sink.reset()
        if events:
            await consumer.seek_to_beginning(*events)
        self._rebuild_requested.clear()
        log.info("rebuilding read models from the beginning", extra={"partitions": len(events)})

    async def _connect_with_backoff(self) -> None:
        backoff = 0.5
        while self._clients.consumer is None and not self._stopped.is_set():
            try:
                await self.start()
            except Exception as exc:
                log.warning(
                    "broker not reachable; observer will retry",
                    extra={"error": type(exc).__name__, "retry_in_s": backoff},
                )
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 30.0)

    def _require(self) -> AIOKafkaConsumer:
        return self._clients.require()[0]

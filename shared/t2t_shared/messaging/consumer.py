# Over 200 lines: a batch, each record and a parked key's release are one path, read together.
"""Consumers with explicit acknowledgement: handled, retried later, or dead-lettered; never lost."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from aiokafka import AIOKafkaProducer, ConsumerRecord
from faststream.kafka import KafkaBroker
from sqlalchemy.ext.asyncio import async_sessionmaker

from t2t_shared.messaging.batches import phases, run_batch
from t2t_shared.messaging.failure_path import FailurePath
from t2t_shared.messaging.infra import InfrastructureUnavailable, InPlace
from t2t_shared.messaging.outcomes import (
    BATCH_RECORDS,
    BATCHES,
    HANDLED,
    Mode,
    Outcome,
    event_ids,
    run_logged,
)
from t2t_shared.messaging.parking import ParkedKeys
from t2t_shared.messaging.parking_gate import ParkingGate
from t2t_shared.messaging.provenance import check_source, origin
from t2t_shared.messaging.reception import receive
from t2t_shared.messaging.routes import ReceivedEvent, Routes
from t2t_shared.messaging.source import SourceReader
from t2t_shared.messaging.subscriptions import subscribe
from t2t_shared.messaging.tuning import ConsumerTuning
from t2t_shared.topics import Topics

log = logging.getLogger(__name__)


class EventConsumer:
    """One consumer group: its subscribed topics, its retry topic and its DLQ.

    With `sessions` and `parked_table`, a key whose event went to the retry topic is
    parked: its later events wait in the consumer's database until that event is handled
    or dead-lettered, then run in order. Other keys go on.

    Every record's `ce_source` must name the owner of its topic (in `deployment`, when
    given); failure headers count only on the consumer's own retry topic. A contact
    record's retry and DLQ copies carry no value: `reader` reads it back for a retry.
    """

    def __init__(
        self,
        *,
        name: str,
        topics: Topics,
        routes: Routes,
        producer_factory: Callable[[], AIOKafkaProducer],
        tuning: ConsumerTuning | None = None,
        sessions: async_sessionmaker | None = None,  # type: ignore[type-arg]
        parked_table: sa.Table | None = None,
        deployment: str | None = None,
        reader: SourceReader | None = None,
    ) -> None:
        self.name = name
        self.prefix = topics.prefix
        self.deployment = deployment
        self.reader = reader
        # Prefixed like the topics, so regional deployments can share one Kafka cluster.
        self.group_id = f"{topics.prefix}{name}"
        self.routes = routes
        self.retry_topic = topics.retry(name)
        self.dlq_topic = topics.dlq(name)
        self.tuning = tuning or ConsumerTuning()
        self.in_place = InPlace(name, self.tuning)
        self.gate: ParkingGate | None = None
        if sessions is not None and parked_table is not None:
            self.gate = ParkingGate(ParkedKeys(sessions, parked_table, name), name, self.in_place)
        self.failures = FailurePath(
            consumer=name,
            prefix=self.prefix,
            retry_topic=self.retry_topic,
            dlq_topic=self.dlq_topic,
            tuning=self.tuning,
            producer_factory=producer_factory,
            gate=self.gate,
        )

    @property
    def topics(self) -> list[str]:
        return list(self.routes.by_topic)

    def register(self, broker: KafkaBroker) -> None:
        """Subscribe on the FastStream broker; offsets commit only after `process` returns."""
        subscribe(self, broker)

    async def start(self) -> None:
        await self.failures.start()

    async def stop(self) -> None:
        await self.failures.stop()
        if self.reader is not None:
            await self.reader.close()

    async def process_batch(self, records: tuple[ConsumerRecord[Any, Any], ...]) -> None:
        """The routes' `first` topics' records, then the others (see `batches`).

        With a batch handler, the batch's plain records go to it at once; the others, or
        all of them if it raises, are handled record by record.
        """
        deadline = self.in_place.deadline()
        # Only the partition's owner starts parking a free key, so one look serves the batch.
        parked = await self.gate.parked_keys(records, deadline) if self.gate else None
        batch_handler = self.routes.batch_handler
        if batch_handler is None:
            for phase in phases(records, self.routes.first):
                await self.by_key(phase, deadline, parked)
        else:
            await run_batch(self, batch_handler, records, deadline, parked)
        BATCHES.labels(self.name).inc()
        BATCH_RECORDS.labels(self.name).inc(len(records))

    async def by_key(
        self,
        records: Sequence[ConsumerRecord[Any, Any]],
        deadline: float,
        parked: set[tuple[str, str]] | None,
    ) -> None:
        """Records of one key in order; different keys side by side, a few at a time.

        Order only matters within a key (one aggregate), and a handler mostly waits on its
        database, so running keys concurrently multiplies what one consumer gets through.
        """
        by_key: dict[bytes | None, list[ConsumerRecord[Any, Any]]] = {}
        for record in records:
            by_key.setdefault(record.key, []).append(record)
        limit = asyncio.Semaphore(self.tuning.concurrency)

        async def in_order(same_key: list[ConsumerRecord[Any, Any]]) -> None:
            async with limit:
                for record in same_key:
                    await self.process(record, attempt=0, deadline=deadline, parked=parked)

        await asyncio.gather(*(in_order(group) for group in by_key.values()))

    async def process(
        self,
        record: Any,
        *,
        attempt: int,
        mode: Mode = "fresh",
        deadline: float | None = None,
        parked: set[tuple[str, str]] | None = None,
    ) -> Outcome:
        """Handle one record; infrastructure faults are retried here, never sent on.

        `parked`: the keys of this batch known to have events parked (kept up to date as the
        batch parks more); None to look in the database.
        """
        if deadline is None:
            deadline = self.in_place.deadline()
        where = origin(record.topic, list(record.headers or []), self.retry_topic)
        headers = where.headers
        event: ReceivedEvent | None = None
        try:
            event, superseded = await receive(
                record,
                where,
                attempt=attempt,
                reader=self.reader,
                in_place=self.in_place,
                deadline=deadline,
            )
            check_source(
                prefix=self.prefix,
                deployment=self.deployment,
                topic=event.topic,
                ce=event.ce,
                tombstone=event.is_tombstone,
            )
            ce_type = event.ce.type if event.ce else None
            handler = None if superseded else self.routes.resolve(event.topic, ce_type)
            if handler is None:
                HANDLED.labels(self.name, ce_type or "-", "ignored").inc()
                outcome: Outcome = "ignored"
            else:
                run_as: Mode | None = mode
                if self.gate is not None:
                    run_as = await self.gate.admit(record, event, mode, deadline, parked)
                if run_as is None:
                    return "parked"
                mode = run_as
                await self.in_place.run(
                    lambda: run_logged(handler, event, self.name), event_ids(event), deadline
                )
                HANDLED.labels(self.name, ce_type or "tombstone", "ok").inc()
                outcome = "ok"
        except InfrastructureUnavailable:
            HANDLED.labels(self.name, "-", "infra_nack").inc()
            log.warning(
                "infrastructure still unavailable; the batch will be read again",
                extra=event_ids(event) if event else {},
            )
            raise
        except Exception as exc:
            outcome = await self.failures.send_on(
                record, headers, attempt, exc, event, deadline, where.topic, parked
            )
        if event is None or mode == "fresh" or outcome == "retry" or self.gate is None:
            return outcome
        if event.key is not None:
            # Outside the handler's error handling: a failure while releasing the key's waiting
            # events is not this event's, and it nacks rather than sending this one on again.
            await self.gate.release_after(event, mode, deadline, self._release)
        return outcome

    async def _release(self, waiting: Any, deadline: float) -> Outcome:
        return await self.process(waiting, attempt=0, mode="released", deadline=deadline)

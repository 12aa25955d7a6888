"""Consumers with explicit acknowledgement: handled, retried later, or dead-lettered; never lost."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any, Literal

import sqlalchemy as sa
import structlog
from aiokafka import AIOKafkaProducer, ConsumerRecord
from faststream.kafka import KafkaBroker
from prometheus_client import Counter
from sqlalchemy.ext.asyncio import async_sessionmaker

from t2t_shared.envelope import CloudEvent, header_value
from t2t_shared.messaging.failures import (
    ORIGINAL_OFFSET,
    ORIGINAL_PARTITION,
    VALUE_WITHHELD,
    PermanentHandlerError,
    describe_error,
    route_failure,
)
from t2t_shared.messaging.infra import InfrastructureUnavailable, retry_in_place
from t2t_shared.messaging.parking import ParkedKeys
from t2t_shared.messaging.provenance import check_source, is_contacts_topic, origin
from t2t_shared.messaging.routes import Handler, ReceivedEvent, Routes, UnknownEventVersion
from t2t_shared.messaging.source import SourceReader
from t2t_shared.messaging.subscriptions import subscribe
from t2t_shared.messaging.tuning import ConsumerTuning as ConsumerTuning
from t2t_shared.topics import Topics

__all__ = ["ConsumerTuning", "EventConsumer", "Handler", "ReceivedEvent", "Routes"]
__all__ += ["UnknownEventVersion"]

log = logging.getLogger(__name__)

HANDLED = Counter(
    "t2t_events_handled_total", "Events handled by consumers", ["consumer", "type", "outcome"]
)

Outcome = Literal["ok", "ignored", "parked", "retry", "dead"]
Mode = Literal["fresh", "retry", "released"]


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
        self._producer_factory = producer_factory
        self._producer: AIOKafkaProducer | None = None
        self.parking: ParkedKeys | None = None
        if sessions is not None and parked_table is not None:
            self.parking = ParkedKeys(sessions, parked_table, name)

    @property
    def topics(self) -> list[str]:
        return list(self.routes.by_topic)

    def register(self, broker: KafkaBroker) -> None:
        """Subscribe on the FastStream broker; offsets commit only after `process` returns."""
        subscribe(self, broker)

    async def start(self) -> None:
        self._producer = self._producer_factory()
        await self._producer.start()

    async def stop(self) -> None:
        if self._producer is not None:
            await self._producer.stop()
            self._producer = None
        if self.reader is not None:
            await self.reader.close()

    async def process_batch(self, records: tuple[ConsumerRecord[Any, Any], ...]) -> None:
        """Records of one key in order; different keys side by side, a few at a time.

        Order only matters within a key (one aggregate), and a handler mostly waits on its
        database, so running keys concurrently multiplies what one consumer gets through.
        """
        by_key: dict[bytes | None, list[ConsumerRecord[Any, Any]]] = {}
        for record in records:
            by_key.setdefault(record.key, []).append(record)
        limit = asyncio.Semaphore(self.tuning.concurrency)
        deadline = asyncio.get_running_loop().time() + self.tuning.infra_budget_s
        parked = await self._parked_keys(records, deadline)

        async def in_order(same_key: list[ConsumerRecord[Any, Any]]) -> None:
            async with limit:
                for record in same_key:
                    await self.process(record, attempt=0, deadline=deadline, parked=parked)

        await asyncio.gather(*(in_order(group) for group in by_key.values()))

    async def _parked_keys(
        self, records: tuple[ConsumerRecord[Any, Any], ...], deadline: float
    ) -> set[tuple[str, str]] | None:
        """The batch's keys that have events parked, in one look (None: look per record).

        Nearly every key is free; looking per record cost every event a transaction.
        """
        parking = self.parking
        if parking is None:
            return None
        keys = {(r.topic, r.key.decode()) for r in records if r.key is not None}
        return await retry_in_place(
            lambda: parking.parked_among(keys),
            consumer=self.name,
            deadline=deadline,
            max_backoff_s=self.tuning.infra_max_backoff_s,
            describe={"topic": None, "aggregate_id": None},
        )

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
            deadline = asyncio.get_running_loop().time() + self.tuning.infra_budget_s
        where = origin(record.topic, list(record.headers or []), self.retry_topic)
        headers = where.headers
        event: ReceivedEvent | None = None
        try:
            value, superseded = record.value, False
            if where.from_retry and header_value(headers, VALUE_WITHHELD):
                value, superseded = await self._withheld_value(record, where.topic, deadline)
            ce = CloudEvent.from_headers(headers) if value is not None else None
            event = ReceivedEvent(
                ce=ce,
                topic=where.topic,
                key=record.key.decode() if record.key else None,
                value=value,
                attempt=attempt,
                partition=record.partition,
                offset=record.offset,
                headers=headers,
            )
            check_source(
                prefix=self.prefix,
                deployment=self.deployment,
                topic=event.topic,
                ce=ce,
                tombstone=value is None,
            )
            ce_type = ce.type if ce else None
            handler = None if superseded else self.routes.resolve(event.topic, ce_type)
            if handler is None:
                HANDLED.labels(self.name, ce_type or "-", "ignored").inc()
                outcome: Outcome = "ignored"
            else:
                run_as = await self._unless_parked(record, event, mode, deadline, parked)
                if run_as is None:
                    return "parked"
                mode = run_as
                await self._in_place(lambda: self._run(handler, event), event, deadline)
                HANDLED.labels(self.name, ce_type or "tombstone", "ok").inc()
                outcome = "ok"
        except InfrastructureUnavailable:
            HANDLED.labels(self.name, "-", "infra_nack").inc()
            log.warning(
                "infrastructure still unavailable; the batch will be read again",
                extra=_ids(event) if event else {},
            )
            raise
        except Exception as exc:
            outcome = await self._send_on(
                record, headers, attempt, exc, event, deadline, where.topic, parked
            )
        if event is None:
            return outcome
        # Outside the handler's error handling: a failure while releasing the key's waiting
        # events is not this event's, and it nacks rather than sending this one on again.
        return await self._settled(event, mode, outcome, deadline)

    async def _withheld_value(
        self, record: Any, topic: str, deadline: float
    ) -> tuple[bytes | None, bool]:
        """The value a contact record's retry copy left behind, read from its own topic."""
        if self.reader is None:
            raise PermanentHandlerError("contact record withheld and no reader to fetch it")
        reader, headers = self.reader, list(record.headers or [])
        partition = int(header_value(headers, ORIGINAL_PARTITION) or -1)
        offset = int(header_value(headers, ORIGINAL_OFFSET) or -1)
        original = await retry_in_place(
            lambda: reader.read(topic, partition, offset, record.key),
            consumer=self.name,
            deadline=deadline,
            max_backoff_s=self.tuning.infra_max_backoff_s,
            describe={"topic": topic, "aggregate_id": None},
        )
        return original.value, original.superseded

    async def _unless_parked(
        self,
        record: Any,
        event: ReceivedEvent,
        mode: Mode,
        deadline: float,
        parked: set[tuple[str, str]] | None = None,
    ) -> Mode | None:
        """None if a fresh event was parked behind its key's failed one; else how to run it."""
        if mode != "fresh" or self.parking is None or event.key is None:
            return mode
        if parked is not None and (event.topic, event.key) not in parked:
            return mode
        parking = self.parking
        parked = await self._in_place(
            lambda: parking.park_if_waiting(event.topic, record), event, deadline
        )
        if parked == "behind":
            ce_type = event.ce.type if event.ce else "tombstone"
            HANDLED.labels(self.name, ce_type, "parked").inc()
            log.info("event parked behind an earlier failed event", extra=_ids(event))
            return None
        # A head redelivered (its retry record was never published) runs again as the head.
        return "released" if parked == "head" else mode

    async def _run(self, handler: Handler, event: ReceivedEvent) -> None:
        ce = event.ce
        with structlog.contextvars.bound_contextvars(
            event_id=ce.id if ce else None,
            event_type=ce.type if ce else "tombstone",
            aggregate_id=(ce.subject if ce else event.key),
            consumer=self.name,
            attempt=event.attempt,
        ):
            await handler(event)

    async def _settled(
        self, event: ReceivedEvent, mode: Mode, outcome: Outcome, deadline: float
    ) -> Outcome:
        """After a head is handled or dead-lettered, run the events waiting behind it."""
        if mode == "fresh" or outcome == "retry" or self.parking is None or event.key is None:
            return outcome
        partition, offset = event.partition, event.offset
        if mode == "retry":
            partition = int(header_value(event.headers, ORIGINAL_PARTITION) or partition)
            offset = int(header_value(event.headers, ORIGINAL_OFFSET) or offset)
        parking, topic, key = self.parking, event.topic, event.key
        await self._in_place(lambda: parking.settle(topic, key, partition, offset), event, deadline)
        async with parking.releasing(topic, key) as mine:
            while mine and (
                waiting := await self._in_place(
                    lambda: parking.next_waiting(topic, key), event, deadline
                )
            ):
                deadline = asyncio.get_running_loop().time() + self.tuning.infra_budget_s
                released = await self.process(
                    waiting, attempt=0, mode="released", deadline=deadline
                )
                if released == "retry":
                    break
        return outcome

    async def _in_place(
        self, attempt: Callable[[], Any], event: ReceivedEvent, deadline: float
    ) -> Any:
        return await retry_in_place(
            attempt,
            consumer=self.name,
            deadline=deadline,
            max_backoff_s=self.tuning.infra_max_backoff_s,
            describe=_ids(event),
        )

    async def _send_on(
        self,
        record: Any,
        headers: list[tuple[str, bytes | None]],
        attempt: int,
        exc: Exception,
        event: ReceivedEvent | None,
        deadline: float,
        topic: str,
        parked: set[tuple[str, str]] | None = None,
    ) -> Outcome:
        route = route_failure(
            withhold_value=is_contacts_topic(self.prefix, topic),
            consumer=self.name,
            retry_topic=self.retry_topic,
            dlq_topic=self.dlq_topic,
            delays_s=self.tuning.retry_delays_s,
            attempt=attempt,
            exc=exc,
            source_topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            headers=headers,
        )
        ce = event.ce if event else None
        outcome: Outcome = "dead" if route.dead else "retry"
        HANDLED.labels(self.name, ce.type if ce else "-", outcome).inc()
        log.warning(
            "event handler failed (%s), sent to %s",
            describe_error(exc),
            route.topic,
            extra={
                **(_ids(event) if event else {}),
                "attempt": attempt,
                "sent_to": route.topic,
                "error": type(exc).__name__,
            },
        )
        if not route.dead and attempt == 0 and self.parking is not None and event and event.key:
            # Parked before the retry record exists, so no later event of the key can slip
            # past in between.
            parking, topic = self.parking, event.topic
            await self._in_place(lambda: parking.park_head(topic, record), event, deadline)
            if parked is not None:
                parked.add((topic, event.key))
        if self._producer is None:
            await self.start()
        assert self._producer is not None
        try:
            value = None if route.withheld else record.value
            await self._producer.send_and_wait(
                route.topic, value=value, key=record.key, headers=route.headers
            )
        except Exception:
            # Not parked anywhere: nack so the record is read again, after a pause, not in a loop.
            await asyncio.sleep(1.0)
            raise
        return outcome


def _ids(event: ReceivedEvent | None) -> dict[str, object]:
    ce = event.ce if event else None
    return {
        "event_id": ce.id if ce else None,
        "event_type": ce.type if ce else None,
        "aggregate_id": ce.subject if ce else (event.key if event else None),
        "topic": event.topic if event else None,
    }

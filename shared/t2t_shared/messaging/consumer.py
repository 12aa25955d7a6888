"""Consumers with explicit acknowledgement: handled, retried later, or dead-lettered; never lost."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import structlog
from aiokafka import AIOKafkaProducer, ConsumerRecord
from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from prometheus_client import Counter
from pydantic import BaseModel

from t2t_shared.envelope import CloudEvent, header_value
from t2t_shared.messaging.failures import ATTEMPT, RETRY_AT, describe_error, route_failure
from t2t_shared.topics import Topics

log = logging.getLogger(__name__)

HANDLED = Counter(
    "t2t_events_handled_total", "Events handled by consumers", ["consumer", "type", "outcome"]
)

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class ReceivedEvent:
    """A record as a handler sees it: its envelope, its data, and where it came from."""

    ce: CloudEvent | None
    topic: str
    key: str | None
    value: bytes | None
    attempt: int = 0
    partition: int = 0
    offset: int = 0
    headers: list[tuple[str, bytes | None]] = field(default_factory=list)

    @property
    def is_tombstone(self) -> bool:
        return self.value is None

    def data(self) -> dict[str, Any]:
        return json.loads(self.value) if self.value else {}

    def parse(self, model: type[M]) -> M:
        """Validate the data against the consumer's own (tolerant) model."""
        return model.model_validate_json(self.value or b"{}")


Handler = Callable[[ReceivedEvent], Awaitable[None]]


@dataclass
class Routes:
    """Handlers by topic, then by CloudEvents type (`*` for every record of the topic)."""

    by_topic: dict[str, dict[str, Handler]] = field(default_factory=dict)

    def on(self, topic: str, ce_type: str = "*") -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.by_topic.setdefault(topic, {})[ce_type] = handler
            return handler

        return register

    def add(self, topic: str, ce_type: str, handler: Handler) -> None:
        self.by_topic.setdefault(topic, {})[ce_type] = handler

    def find(self, topic: str, ce_type: str | None) -> Handler | None:
        handlers = self.by_topic.get(topic, {})
        return handlers.get(ce_type or "", handlers.get("*"))


@dataclass
class ConsumerTuning:
    fetch_max_wait_ms: int = 100
    heartbeat_interval_ms: int = 100
    session_timeout_ms: int = 6000
    retry_delays_s: tuple[float, ...] = (1.0, 5.0, 30.0)
    max_batch: int = 200
    concurrency: int = 8


class EventConsumer:
    """One consumer group: its subscribed topics, its retry topic and its DLQ."""

    def __init__(
        self,
        *,
        name: str,
        topics: Topics,
        routes: Routes,
        producer_factory: Callable[[], AIOKafkaProducer],
        tuning: ConsumerTuning | None = None,
    ) -> None:
        self.name = name
        # Prefixed like the topics, so regional deployments can share one Kafka cluster.
        self.group_id = f"{topics.prefix}{name}"
        self.routes = routes
        self.retry_topic = topics.retry(name)
        self.dlq_topic = topics.dlq(name)
        self.tuning = tuning or ConsumerTuning()
        self._producer_factory = producer_factory
        self._producer: AIOKafkaProducer | None = None

    @property
    def topics(self) -> list[str]:
        return list(self.routes.by_topic)

    def register(self, broker: KafkaBroker) -> None:
        """Subscribe on the FastStream broker; offsets commit only after `process` returns."""
        common: Mapping[str, Any] = {
            "group_id": self.group_id,
            "auto_offset_reset": "earliest",
            "ack_policy": AckPolicy.NACK_ON_ERROR,
            "fetch_max_wait_ms": self.tuning.fetch_max_wait_ms,
            "heartbeat_interval_ms": self.tuning.heartbeat_interval_ms,
            "session_timeout_ms": self.tuning.session_timeout_ms,
        }

        # Records come in batches and the offsets are committed once per batch, after every
        # record of it was handled (or parked on the retry topic): a commit per record was
        # a broker round trip each. A crash mid-batch redelivers it; the inbox skips repeats.
        @broker.subscriber(  # type: ignore[untyped-decorator]
            *self.topics,
            **common,
            batch=True,
            max_records=self.tuning.max_batch,
            # Take what has arrived rather than wait to fill a batch: latency over batch size.
            batch_timeout_ms=10,
            description=f"{self.name}: public events it acts on",
        )
        async def on_events(message: KafkaMessage) -> None:
            await self.process_batch(_records(message))

        # Its own group, so a retry waiting for its due time never holds back fresh events.
        retry_options = {**common, "group_id": f"{self.group_id}.retry"}

        @broker.subscriber(  # type: ignore[untyped-decorator]
            self.retry_topic,
            **retry_options,
            description=f"{self.name}: failed events, retried later",
        )
        async def on_retry(message: KafkaMessage) -> None:
            record = _record(message)
            headers = list(record.headers or [])
            due = float(header_value(headers, RETRY_AT) or 0)
            # The retry topic carries its own due times; waiting here holds back only retries.
            await asyncio.sleep(max(0.0, due - time.time()))
            await self.process(record, attempt=int(header_value(headers, ATTEMPT) or 1))

    async def start(self) -> None:
        self._producer = self._producer_factory()
        await self._producer.start()

    async def stop(self) -> None:
        if self._producer is not None:
            await self._producer.stop()
            self._producer = None

    async def process_batch(self, records: tuple[ConsumerRecord[Any, Any], ...]) -> None:
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
                    await self.process(record, attempt=0)

        await asyncio.gather(*(in_order(group) for group in by_key.values()))

    async def process(self, record: ConsumerRecord[Any, Any], *, attempt: int) -> None:
        headers: list[tuple[str, bytes | None]] = list(record.headers or [])
        event: ReceivedEvent | None = None
        try:
            ce = CloudEvent.from_headers(headers) if record.value is not None else None
            event = ReceivedEvent(
                ce=ce,
                topic=_original_topic(headers) or record.topic,
                key=record.key.decode() if record.key else None,
                value=record.value,
                attempt=attempt,
                partition=record.partition,
                offset=record.offset,
                headers=headers,
            )
            handler = self.routes.find(event.topic, ce.type if ce else None)
            if handler is None:
                HANDLED.labels(self.name, ce.type if ce else "-", "ignored").inc()
                return
            with structlog.contextvars.bound_contextvars(
                event_id=ce.id if ce else None,
                event_type=ce.type if ce else "tombstone",
                aggregate_id=(ce.subject if ce else event.key),
                consumer=self.name,
                attempt=attempt,
            ):
                await handler(event)
            HANDLED.labels(self.name, ce.type if ce else "tombstone", "ok").inc()
        except Exception as exc:
            await self._send_on(record, headers, attempt, exc, event)

    async def _send_on(
        self,
        record: ConsumerRecord[Any, Any],
        headers: list[tuple[str, bytes | None]],
        attempt: int,
        exc: Exception,
        event: ReceivedEvent | None,
    ) -> None:
        route = route_failure(
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
        outcome = "dlq" if route.dead else "retry"
        HANDLED.labels(self.name, ce.type if ce else "-", outcome).inc()
        log.warning(
            "event handler failed (%s), sent to %s",
            describe_error(exc),
            route.topic,
            extra={
                "event_id": ce.id if ce else None,
                "event_type": ce.type if ce else None,
                "aggregate_id": ce.subject if ce else None,
                "consumer": self.name,
                "attempt": attempt,
                "sent_to": route.topic,
                "error": type(exc).__name__,
            },
        )
        if self._producer is None:
            await self.start()
        assert self._producer is not None
        try:
            await self._producer.send_and_wait(
                route.topic, value=record.value, key=record.key, headers=route.headers
            )
        except Exception:
            # Not parked anywhere: nack so the record is read again, after a pause, not in a loop.
            await asyncio.sleep(1.0)
            raise


def _record(message: Any) -> ConsumerRecord[Any, Any]:
    raw = message.raw_message
    return raw[0] if isinstance(raw, tuple) else raw


def _records(message: Any) -> tuple[ConsumerRecord[Any, Any], ...]:
    raw = message.raw_message
    return raw if isinstance(raw, tuple) else (raw,)


def _original_topic(headers: list[tuple[str, bytes | None]]) -> str | None:
    return header_value(headers, "t2t-original-topic")

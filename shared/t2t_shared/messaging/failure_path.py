"""Where a record goes when its handler fails: the retry topic, or the dead-letter queue."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from aiokafka import AIOKafkaProducer

from t2t_shared.messaging.failures import describe_error, route_failure
from t2t_shared.messaging.outcomes import HANDLED, Outcome, event_ids
from t2t_shared.messaging.parking_gate import ParkingGate
from t2t_shared.messaging.provenance import is_contacts_topic
from t2t_shared.messaging.received import ReceivedEvent
from t2t_shared.messaging.tuning import ConsumerTuning

log = logging.getLogger(__name__)


class FailurePath:
    """Sends failed records on with their failure headers, from the consumer's own producer."""

    def __init__(
        self,
        *,
        consumer: str,
        prefix: str,
        retry_topic: str,
        dlq_topic: str,
        tuning: ConsumerTuning,
        producer_factory: Callable[[], AIOKafkaProducer],
        gate: ParkingGate | None,
    ) -> None:
        self._consumer = consumer
        self._prefix = prefix
        self._retry_topic = retry_topic
        self._dlq_topic = dlq_topic
        self._tuning = tuning
        self._producer_factory = producer_factory
        self._producer: AIOKafkaProducer | None = None
        self._gate = gate

    async def start(self) -> None:
        self._producer = self._producer_factory()
        await self._producer.start()

    async def stop(self) -> None:
        if self._producer is not None:
            await self._producer.stop()
            self._producer = None

    async def send_on(
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
        """Retry later (after the attempt's delay) or dead-letter: never lost, never looped."""
        route = route_failure(
            withhold_value=is_contacts_topic(self._prefix, topic),
            consumer=self._consumer,
            retry_topic=self._retry_topic,
            dlq_topic=self._dlq_topic,
            delays_s=self._tuning.retry_delays_s,
            attempt=attempt,
            exc=exc,
            source_topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            headers=headers,
        )
        ce = event.ce if event else None
        outcome: Outcome = "dead" if route.dead else "retry"
        HANDLED.labels(self._consumer, ce.type if ce else "-", outcome).inc()
        log.warning(
            "event handler failed (%s), sent to %s",
            describe_error(exc),
            route.topic,
            extra={
                **(event_ids(event) if event else {}),
                "attempt": attempt,
                "sent_to": route.topic,
                "error": type(exc).__name__,
            },
        )
        if not route.dead and attempt == 0 and self._gate is not None and event and event.key:
            # Parked before the retry record exists, so no later event of the key can slip
            # past in between.
            await self._gate.park_head(record, event, deadline, parked)
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

"""Kafka records into the console's domain: decoded events and dead letters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from aiokafka import ConsumerRecord

from ops.domain.dlq import DeadLetter
from ops.domain.observed import ObservedEvent, decode
from t2t_shared.messaging import failures

Headers = Sequence[tuple[str, bytes | None]]


def as_event(record: ConsumerRecord[Any, Any]) -> ObservedEvent | None:
    return decode(
        topic=record.topic,
        partition=record.partition,
        offset=record.offset,
        value=record.value,
        headers=list(record.headers or []),
    )


def as_dead_letter(record: ConsumerRecord[Any, Any]) -> DeadLetter:
    letter = dead_letter_of(
        dlq_topic=record.topic,
        partition=record.partition,
        offset=record.offset,
        key=record.key.decode(errors="replace") if record.key else None,
        value=record.value,
        headers=list(record.headers or []),
        time=datetime.fromtimestamp(record.timestamp / 1000, UTC),
    )
    # The console never holds a contact record's value, even one dead-lettered before
    # consumers withheld it: it is dropped here, before anything keeps the letter.
    return replace(letter, value=None) if letter.restricted else letter


def dead_letter_of(
    *,
    dlq_topic: str,
    partition: int,
    offset: int,
    key: str | None,
    value: bytes | None,
    headers: Headers,
    time: datetime,
) -> DeadLetter:
    """A DLQ record's failure trail (the shared consumer's headers) apart from the event's own."""
    trail = {
        k: v.decode(errors="replace")
        for k, v in headers
        if k in failures.FAILURE_HEADERS and v is not None
    }
    return DeadLetter(
        dlq_topic=dlq_topic,
        partition=partition,
        offset=offset,
        key=key,
        value=value,
        headers=tuple((k, v) for k, v in headers if k not in failures.FAILURE_HEADERS),
        time=time,
        original_topic=trail.get(failures.ORIGINAL_TOPIC, ""),
        # Letters written before the consumer was named say it only in the DLQ's name.
        consumer=trail.get(failures.CONSUMER) or dlq_topic.rsplit(".", 2)[-2],
        error=trail.get(failures.ERROR, "unknown error"),
        original_partition=trail.get(failures.ORIGINAL_PARTITION),
        original_offset=trail.get(failures.ORIGINAL_OFFSET),
        attempt=trail.get(failures.ATTEMPT),
    )

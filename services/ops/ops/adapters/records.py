"""Kafka records into the console's domain: decoded events and dead letters."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from aiokafka import ConsumerRecord

from ops.domain.dlq import DeadLetter
from ops.domain.observed import ObservedEvent, decode


def as_event(record: ConsumerRecord[Any, Any]) -> ObservedEvent | None:
    return decode(
        topic=record.topic,
        partition=record.partition,
        offset=record.offset,
        value=record.value,
        headers=list(record.headers or []),
    )


def as_dead_letter(record: ConsumerRecord[Any, Any]) -> DeadLetter:
    letter = DeadLetter(
        dlq_topic=record.topic,
        partition=record.partition,
        offset=record.offset,
        key=record.key.decode(errors="replace") if record.key else None,
        value=record.value,
        headers=tuple(record.headers or []),
        time=datetime.fromtimestamp(record.timestamp / 1000, UTC),
    )
    # The console never holds a contact record's value, even one dead-lettered before
    # consumers withheld it: it is dropped here, before anything keeps the letter.
    return replace(letter, value=None) if letter.restricted else letter

"""A consumer batch's order, and which of its records may go to the routes' batch handler.

Records of the routes' `first` topics are handled before the others: a service that
publishes a record other events depend on (a contact record before its events) publishes
it first, and it usually arrives in the same batch, so handling it first spares the others
from waiting for it. Each key's records keep their order.

A key goes to the batch handler only if all its records are plain: fresh, enveloped,
trusted, with a handler, not parked behind a failed event. Anything else about a key
(a tombstone, a parked key, a record that will be dead-lettered) sends all its records
down the per-record path, which keeps its retries, parking and dead letters.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from t2t_shared.messaging.infra import InPlace
from t2t_shared.messaging.outcomes import BATCH_FALLBACKS, HANDLED
from t2t_shared.messaging.parking_gate import ParkingGate
from t2t_shared.messaging.provenance import check_source, origin
from t2t_shared.messaging.received import ReceivedEvent
from t2t_shared.messaging.reception import receive
from t2t_shared.messaging.routes import BatchHandler, Routes
from t2t_shared.messaging.source import SourceReader

log = logging.getLogger(__name__)


class EventConsumer(Protocol):
    """What a batch needs of its consumer (`consumer.EventConsumer`, which imports this)."""

    name: str
    prefix: str
    deployment: str | None
    reader: SourceReader | None
    routes: Routes
    retry_topic: str
    in_place: InPlace
    gate: ParkingGate | None

    async def by_key(
        self, records: Sequence[Any], deadline: float, parked: set[tuple[str, str]] | None
    ) -> None: ...


def phases(records: Iterable[Any], first: frozenset[str]) -> list[list[Any]]:
    """The `first` topics' records, then the others; each in batch order (so keys too)."""
    ahead: list[Any] = []
    rest: list[Any] = []
    for record in records:
        (ahead if record.topic in first else rest).append(record)
    return [phase for phase in (ahead, rest) if phase]


@dataclass
class SortedBatch:
    """`admitted`: (record, event) for the batch handler, first topics first; `alone`: the
    records to handle one by one, first topics first."""

    admitted: list[tuple[Any, ReceivedEvent]] = field(default_factory=list)
    alone: list[Any] = field(default_factory=list)


async def run_batch(
    consumer: EventConsumer,
    batch_handler: BatchHandler,
    records: Sequence[Any],
    deadline: float,
    parked: set[tuple[str, str]] | None,
) -> None:
    """The lone first-topic records, the admitted ones at once, then the other lone ones."""
    first = consumer.routes.first
    batch = await sort_batch(consumer, records, deadline, parked)
    await consumer.by_key([r for r in batch.alone if r.topic in first], deadline, parked)
    if batch.admitted:
        events = [event for _, event in batch.admitted]
        try:
            await batch_handler(events)
        except Exception as exc:
            # Undone whole: each record again on its own, with its own retries, parking and
            # dead letters (and in-place retries while the database is away).
            BATCH_FALLBACKS.labels(consumer.name, type(exc).__name__).inc()
            log.warning(
                "batch handler failed; handling its records one by one",
                extra={"consumer": consumer.name, "error": type(exc).__name__},
            )
            for phase in phases((r for r, _ in batch.admitted), first):
                await consumer.by_key(phase, deadline, parked)
        else:
            for event in events:
                HANDLED.labels(consumer.name, event.ce.type if event.ce else "-", "ok").inc()
    await consumer.by_key([r for r in batch.alone if r.topic not in first], deadline, parked)


async def sort_batch(
    consumer: EventConsumer,
    records: Sequence[Any],
    deadline: float,
    parked: set[tuple[str, str]] | None,
) -> SortedBatch:
    """Split the batch; records of an admitted key that no handler takes are counted ignored."""
    read: list[tuple[Any, ReceivedEvent | None]] = []
    alone_keys: set[bytes | None] = set()
    in_order = [record for phase in phases(records, consumer.routes.first) for record in phase]
    for record in in_order:
        event = await _plain(consumer, record, deadline, parked)
        if event is None:
            alone_keys.add(record.key)
        read.append((record, event))
    batch = SortedBatch()
    for record, event in read:
        if record.key in alone_keys:
            batch.alone.append(record)
        elif event is not None and event.ce is not None:
            if consumer.routes.resolve(event.topic, event.ce.type) is None:
                HANDLED.labels(consumer.name, event.ce.type, "ignored").inc()
            else:
                batch.admitted.append((record, event))
    return batch


async def _plain(
    consumer: EventConsumer, record: Any, deadline: float, parked: set[tuple[str, str]] | None
) -> ReceivedEvent | None:
    """The record's event if the batch handler may take it; None for the per-record path."""
    where = origin(record.topic, list(record.headers or []), consumer.retry_topic)
    try:
        event, superseded = await receive(
            record,
            where,
            attempt=0,
            reader=consumer.reader,
            in_place=consumer.in_place,
            deadline=deadline,
        )
        if event.is_tombstone or superseded:
            return None
        check_source(
            prefix=consumer.prefix,
            deployment=consumer.deployment,
            topic=event.topic,
            ce=event.ce,
            tombstone=False,
        )
        consumer.routes.resolve(event.topic, event.ce.type if event.ce else None)
    except Exception:
        return None  # the per-record path meets it again and sends it on
    gated = consumer.gate is not None and event.key is not None
    if gated and (parked is None or (event.topic, event.key) in parked):
        return None
    return event

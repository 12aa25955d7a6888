"""What became of a record, counted per consumer and type, and the ids its log lines carry."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Literal

import structlog
from prometheus_client import Counter

from t2t_shared.messaging.received import ReceivedEvent

HANDLED = Counter(
    "t2t_events_handled_total", "Events handled by consumers", ["consumer", "type", "outcome"]
)
# Records ÷ batches is the mean batch a consumer got: small batches pay the per-batch work
# (parked-key look, offset commit) for few events.
BATCHES = Counter("t2t_consumer_batches_total", "Batches of fresh records handled", ["consumer"])
BATCH_RECORDS = Counter(
    "t2t_consumer_batch_records_total", "Fresh records in the batches handled", ["consumer"]
)
# A batch handler that raised: its records were handled one by one instead.
BATCH_FALLBACKS = Counter(
    "t2t_consumer_batch_fallbacks_total",
    "Batches whose batch handler failed, handled record by record",
    ["consumer", "error"],
)

Outcome = Literal["ok", "ignored", "parked", "retry", "dead"]
# fresh: read from its topic; retry: from the retry topic; released: after its key's head.
Mode = Literal["fresh", "retry", "released"]


def event_ids(event: ReceivedEvent | None) -> dict[str, object]:
    """Ids only: a log line about an event never carries its data."""
    ce = event.ce if event else None
    return {
        "event_id": ce.id if ce else None,
        "event_type": ce.type if ce else None,
        "aggregate_id": ce.subject if ce else (event.key if event else None),
        "topic": event.topic if event else None,
    }


async def run_logged(
    handler: Callable[[ReceivedEvent], Awaitable[None]], event: ReceivedEvent, consumer: str
) -> None:
    """Run the handler with the event's ids on every log line it writes."""
    ce = event.ce
    with structlog.contextvars.bound_contextvars(
        event_id=ce.id if ce else None,
        event_type=ce.type if ce else "tombstone",
        aggregate_id=(ce.subject if ce else event.key),
        consumer=consumer,
        attempt=event.attempt,
    ):
        await handler(event)

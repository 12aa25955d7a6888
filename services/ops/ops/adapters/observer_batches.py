"""One fetch split by kind: dead letters go to the sink at once, events become one batch."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiokafka import ConsumerRecord, TopicPartition
from prometheus_client import Counter

from ops.adapters.observer_sink import ObserverSink
from ops.adapters.records import as_dead_letter, as_event
from ops.domain.observed import ObservedEvent
from ops.domain.topic_selection import TopicSelection

OBSERVED = Counter("t2t_ops_records_observed_total", "Records the console read", ["kind"])

Records = dict[TopicPartition, list[ConsumerRecord[Any, Any]]]


@dataclass
class EventBatch:
    events: list[ObservedEvent] = field(default_factory=list)
    offsets: dict[tuple[str, int], int] = field(default_factory=dict)
    """The next offset of every events partition the batch covers."""
    firsts: dict[TopicPartition, int] = field(default_factory=dict)
    """Where the batch began on each events partition: where to rewind if it fails."""
    live: bool = False


def split_fetch(
    fetched: Records,
    selection: TopicSelection,
    sink: ObserverSink,
    is_live: Callable[[TopicPartition, int], bool],
) -> EventBatch:
    batch = EventBatch()
    for tp, records in fetched.items():
        if not records:
            continue
        if selection.kind(tp.topic) == "dlq":
            for record in records:
                OBSERVED.labels("dlq").inc()
                sink.on_dead_letter(as_dead_letter(record), live=is_live(tp, record.offset))
            continue
        for record in records:
            event = as_event(record)
            OBSERVED.labels("event" if event else "undecodable").inc()
            if event is not None:
                batch.events.append(selection.qualify(event))
        batch.offsets[(tp.topic, tp.partition)] = records[-1].offset + 1
        batch.firsts[tp] = records[0].offset
        batch.live = batch.live or is_live(tp, records[-1].offset)
    return batch

"""When storing a batch fails, the observer reads it again: nothing lost, nothing twice."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from ops.adapters.observer import TopicObserver
from ops.domain.dlq import DeadLetter
from ops.domain.observed import ObservedEvent
from ops.domain.topic_selection import TopicSelection
from services.ops.tests.synthetic import Catalogue
from t2t_shared.messaging.kafka import KafkaConnection
from tests.fixtures.services import Infra, eventually, unique_prefix

from .projection_support import create_topics, send

pytestmark = pytest.mark.integration


class FlakySink:
    """Fails to store the first batches it is given, as a database going away would."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.events: list[ObservedEvent] = []
        self.stored: dict[tuple[str, int], int] = {}

    async def on_events(
        self, events: list[ObservedEvent], offsets: dict[tuple[str, int], int], *, live: bool
    ) -> None:
        await asyncio.sleep(0.01)
        if self.failures:
            self.failures -= 1
            raise ConnectionError("database gone")
        self.events += events
        self.stored.update(offsets)

    def on_dead_letter(self, letter: DeadLetter, *, live: bool) -> None:
        pass

    async def stored_offsets(self) -> dict[tuple[str, int], int]:
        return dict(self.stored)

    async def reset(self) -> None:
        self.events, self.stored = [], {}


async def test_a_batch_that_could_not_be_stored_is_read_again(infra: Infra) -> None:
    prefix = unique_prefix()
    await create_topics(infra, prefix)
    records = [Catalogue(prefix).notification(area="leeds") for _ in range(40)]
    await send(infra, records)
    sink = FlakySink(failures=2)
    selection = TopicSelection(prefix)
    observer = TopicObserver(
        KafkaConnection(infra.kafka_bootstrap), selection, sink, refresh_s=0.5, max_records=7
    )
    running = asyncio.create_task(observer.run())
    try:
        await eventually(lambda: len(sink.events) >= len(records) and observer.progress().caught_up)
    finally:
        await observer.close()
        running.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await running
    assert sink.failures == 0
    assert sorted(e.id for e in sink.events) == sorted(r.event_id for r in records)

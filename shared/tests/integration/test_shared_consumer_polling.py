"""Over the real broker: the events loop waits in one long poll that records end at once,
rather than turning a hundred times a second while nothing happens."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from aiokafka import AIOKafkaConsumer
from faststream.kafka import KafkaBroker

from t2t_shared.envelope import event_record
from t2t_shared.events import IntegrationEvent
from t2t_shared.messaging.consumer import EventConsumer
from t2t_shared.messaging.kafka import KafkaConnection, create_producer
from t2t_shared.messaging.routes import ReceivedEvent, Routes
from t2t_shared.messaging.tuning import ConsumerTuning
from t2t_shared.topics import Topics, TopicSpec, ensure_topics
from tests.fixtures.services import Infra, eventually, publish, unique_prefix

pytestmark = pytest.mark.integration

LONG_POLL_MS = 120_000  # far longer than the test waits: only records can end a poll


class ThingHappened(IntegrationEvent):
    service: ClassVar[str] = "things"
    subject_field: ClassVar[str] = "thing_id"

    thing_id: str


def record(topics: Topics, thing_id: str) -> tuple[str, bytes, bytes | None, list[Any]]:
    r = event_record(
        ThingHappened(thing_id=thing_id),
        topic=topics.events("things"),
        source="/t2t/test/things",
        schema_base_url="https://example.invalid",
    )
    return r.topic, r.key.encode(), r.value, r.headers


async def test_an_events_poll_ends_when_records_arrive_not_when_its_wait_runs_out(
    infra: Infra, monkeypatch: pytest.MonkeyPatch
) -> None:
    polls: list[int] = []
    real_getmany = AIOKafkaConsumer.getmany

    async def getmany(self: AIOKafkaConsumer, *partitions: Any, **kwargs: Any) -> Any:
        polls.append(kwargs["timeout_ms"])
        return await real_getmany(self, *partitions, **kwargs)

    monkeypatch.setattr(AIOKafkaConsumer, "getmany", getmany)
    topics = Topics(unique_prefix())
    connection = KafkaConnection(infra.kafka_bootstrap)
    await ensure_topics(
        connection,
        [TopicSpec(t, 1) for t in (topics.events("things"), topics.retry("c"), topics.dlq("c"))],
    )
    handled: list[str] = []
    routes = Routes()

    @routes.on_record(topics.events("things"))
    async def handle(event: ReceivedEvent) -> None:
        handled.append(event.parse(ThingHappened).thing_id)

    consumer = EventConsumer(
        name="c",
        topics=topics,
        routes=routes,
        producer_factory=lambda: create_producer(connection, "test-polling"),
        # Tansu holds a group's first join for half the session timeout: 1.5 s, not 3.
        tuning=ConsumerTuning(idle_poll_ms=LONG_POLL_MS, session_timeout_ms=3000),
    )
    broker = KafkaBroker(infra.kafka_bootstrap, logger=None)
    consumer.register(broker)
    await consumer.start()
    await broker.start()
    try:
        await eventually(lambda: polls, within=30)  # the loop is waiting in its poll
        await publish(infra.kafka_bootstrap, [record(topics, "first"), record(topics, "second")])

        await eventually(lambda: handled == ["first", "second"], within=30)
        # FastStream's own loop would have polled with its 10 ms batch timeout.
        assert set(polls) == {LONG_POLL_MS}
    finally:
        await broker.stop()
        await consumer.stop()

"""The consumer over the real broker: retried with growing delays, then dead-lettered."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import ClassVar

import pytest
from faststream.kafka import KafkaBroker

from t2t_shared.envelope import event_record
from t2t_shared.events import IntegrationEvent
from t2t_shared.messaging.consumer import EventConsumer
from t2t_shared.messaging.kafka import KafkaConnection, create_producer
from t2t_shared.messaging.routes import ReceivedEvent, Routes
from t2t_shared.messaging.tuning import ConsumerTuning
from t2t_shared.topics import Topics, TopicSpec, ensure_topics
from tests.fixtures.services import Infra, eventually, publish, unique_prefix
from tests.fixtures.topics import read_until

pytestmark = pytest.mark.integration


class ThingHappened(IntegrationEvent):
    service: ClassVar[str] = "things"
    subject_field: ClassVar[str] = "thing_id"

    thing_id: str
    fails: int


@dataclass
class Seen:
    attempts: dict[str, list[tuple[int, float]]] = field(default_factory=dict)


@dataclass
class Running:
    topics: Topics
    seen: Seen


@pytest.fixture(scope="module")
async def running(infra: Infra) -> AsyncIterator[Running]:
    topics = Topics(unique_prefix())
    connection = KafkaConnection(infra.kafka_bootstrap)
    await ensure_topics(
        connection,
        [TopicSpec(t, 2) for t in (topics.events("things"), topics.retry("c"), topics.dlq("c"))],
    )
    seen = Seen()
    routes = Routes()

    @routes.on_record(topics.events("things"))
    async def handle(event: ReceivedEvent) -> None:
        thing = event.parse(ThingHappened)
        seen.attempts.setdefault(thing.thing_id, []).append((event.attempt, time.monotonic()))
        if event.attempt < thing.fails:
            raise RuntimeError(f"failing on purpose, attempt {event.attempt}")

    consumer = EventConsumer(
        name="c",
        topics=topics,
        routes=routes,
        producer_factory=lambda: create_producer(connection, "test-retry"),
        # Tansu holds a group's first join for half the session timeout: 1.5 s, not 3.
        tuning=ConsumerTuning(retry_delays_s=(0.5, 1.5), session_timeout_ms=3000),
    )
    broker = KafkaBroker(infra.kafka_bootstrap, logger=None)
    consumer.register(broker)
    await consumer.start()
    await broker.start()
    try:
        yield Running(topics, seen)
    finally:
        await broker.stop()
        await consumer.stop()


def record(
    topics: Topics, thing_id: str, fails: int
) -> tuple[str, bytes, bytes | None, list[tuple[str, bytes]]]:
    r = event_record(
        ThingHappened(thing_id=thing_id, fails=fails),
        topic=topics.events("things"),
        source="/t2t/test/things",
        schema_base_url="https://example.invalid",
    )
    return r.topic, r.key.encode(), r.value, r.headers


async def test_a_failing_event_is_retried_with_growing_delays_until_it_succeeds(
    running: Running, infra: Infra
) -> None:
    await publish(infra.kafka_bootstrap, [record(running.topics, "flaky", fails=2)])

    attempts = await eventually(lambda: len(running.seen.attempts.get("flaky", [])) == 3, within=60)
    assert attempts
    [(a0, t0), (a1, t1), (a2, t2)] = running.seen.attempts["flaky"]
    assert (a0, a1, a2) == (0, 1, 2)
    assert t1 - t0 >= 0.45
    assert t2 - t1 >= 1.4  # the second delay is longer than the first


async def test_an_event_that_keeps_failing_lands_in_the_dlq_with_its_story(
    running: Running, infra: Infra
) -> None:
    await publish(infra.kafka_bootstrap, [record(running.topics, "doomed", fails=99)])

    # The module's tests share the DLQ: another test's letters may be there too.
    letters = await read_until(
        infra.kafka_bootstrap,
        running.topics.dlq("c"),
        lambda rs: any(r.key == b"doomed" for r in rs),
        within=60,
    )
    [dead] = [r for r in letters if r.key == b"doomed"]
    headers = {k: v.decode() for k, v in dead.headers}
    assert headers["t2t-original-topic"] == running.topics.events("things")
    assert headers["t2t-attempt"] == "3"
    assert headers["t2t-consumer"] == "c"
    assert headers["t2t-error"] == "RuntimeError"  # the type only: no handler text
    assert headers["ce_type"] == "t2t.things.ThingHappened.v1"
    assert [a for a, _ in running.seen.attempts["doomed"]] == [0, 1, 2]


async def test_a_malformed_record_goes_straight_to_the_dlq(running: Running, infra: Infra) -> None:
    topic = running.topics.events("things")
    await publish(infra.kafka_bootstrap, [(topic, b"no-envelope", b'{"thing_id": "x"}', [])])

    dead = await read_until(
        infra.kafka_bootstrap,
        running.topics.dlq("c"),
        lambda rs: any(r.key == b"no-envelope" for r in rs),
        within=60,
    )
    [found] = [d for d in dead if d.key == b"no-envelope"]
    headers = {k: v.decode() for k, v in found.headers}
    assert headers["t2t-attempt"] == "1"
    assert headers["t2t-error"].startswith("MalformedEnvelope")

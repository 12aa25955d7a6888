"""Typed routes over the real broker: the handler gets the parsed model and its EventMeta."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import ClassVar

import pytest
from faststream.kafka import KafkaBroker
from prometheus_client import REGISTRY

from t2t_shared.envelope import EventRecord, event_record
from t2t_shared.events import ConsumedEvent, IntegrationEvent
from t2t_shared.kernel.event_meta import EventMeta
from t2t_shared.messaging.consumer import EventConsumer
from t2t_shared.messaging.kafka import KafkaConnection, create_producer
from t2t_shared.messaging.routes import Routes
from t2t_shared.messaging.tuning import ConsumerTuning
from t2t_shared.topics import Topics, TopicSpec, ensure_topics
from tests.fixtures.services import Infra, eventually, publish, unique_prefix
from tests.fixtures.topics import read_until

pytestmark = pytest.mark.integration


class ThingHappened(IntegrationEvent):
    """What the producer publishes (v1, and a v2 this consumer was not written for)."""

    service: ClassVar[str] = "things"
    subject_field: ClassVar[str] = "thing_id"

    thing_id: str
    colour: str


class ThingHappenedV2(ThingHappened):
    version: ClassVar[int] = 2

    @classmethod
    def event_name(cls) -> str:
        return "ThingHappened"


class ThingNamed(ThingHappened):
    """Another type of the same producer, which this consumer does not handle."""


class ThingSeen(ConsumedEvent):
    """The consumer's tolerant view: only the field it reads."""

    CE_TYPE: ClassVar[str] = "t2t.things.ThingHappened.v1"
    colour: str


@dataclass
class Running:
    topics: Topics
    seen: list[tuple[ThingSeen, EventMeta]] = field(default_factory=list)


@pytest.fixture(scope="module")
async def running(infra: Infra) -> AsyncIterator[Running]:
    topics = Topics(unique_prefix())
    connection = KafkaConnection(infra.kafka_bootstrap)
    specs = [TopicSpec(t, 2) for t in (topics.events("things"), topics.retry("c"), topics.dlq("c"))]
    await ensure_topics(connection, specs)
    state = Running(topics)
    routes = Routes(topics)

    @routes.on(ThingSeen)
    async def seen(event: ThingSeen, meta: EventMeta) -> None:
        state.seen.append((event, meta))

    consumer = EventConsumer(
        name="c",
        topics=topics,
        routes=routes,
        producer_factory=lambda: create_producer(connection, "test-typed"),
        # Tansu holds a group's first join for half the session timeout: 1.5 s, not 3.
        tuning=ConsumerTuning(retry_delays_s=(0.5,), session_timeout_ms=3000),
    )
    broker = KafkaBroker(infra.kafka_bootstrap, logger=None)
    consumer.register(broker)
    await consumer.start()
    await broker.start()
    try:
        yield state
    finally:
        await broker.stop()
        await consumer.stop()


def record(topics: Topics, event: ThingHappened) -> EventRecord:
    return event_record(
        event,
        topic=topics.events("things"),
        source="/t2t/test/things",
        schema_base_url="https://example.invalid",
    )


def raw(r: EventRecord) -> tuple[str, bytes, bytes | None, list[tuple[str, bytes]]]:
    return r.topic, r.key.encode(), r.value, r.headers


async def test_the_handler_gets_the_parsed_event_and_its_envelope(
    running: Running, infra: Infra
) -> None:
    # One key, so the type nobody handles is read (and ignored) before the handled one.
    ignored = record(running.topics, ThingNamed(thing_id="t-1", colour="grey"))
    handled = record(running.topics, ThingHappened(thing_id="t-1", colour="green"))
    await publish(infra.kafka_bootstrap, [raw(ignored), raw(handled)])

    await eventually(lambda: any(m.id == handled.event_id for _, m in running.seen), within=60)
    [(event, meta)] = [(e, m) for e, m in running.seen if m.subject == "t-1"]
    assert event == ThingSeen(colour="green")
    assert (meta.id, meta.source, meta.type) == (
        handled.event_id,
        "/t2t/test/things",
        "t2t.things.ThingHappened.v1",
    )
    assert meta.time is not None


async def test_an_unknown_major_version_is_dead_lettered(running: Running, infra: Infra) -> None:
    later = record(running.topics, ThingHappenedV2(thing_id="t-2", colour="blue"))
    await publish(infra.kafka_bootstrap, [raw(later)])

    letters = await read_until(
        infra.kafka_bootstrap,
        running.topics.dlq("c"),
        lambda rs: any(r.key == b"t-2" for r in rs),
        within=60,
    )
    [dead] = [r for r in letters if r.key == b"t-2"]
    headers = {k: v.decode() for k, v in dead.headers}
    assert headers["ce_type"] == "t2t.things.ThingHappened.v2"
    assert headers["t2t-error"].startswith("UnknownEventVersion")
    assert headers["t2t-attempt"] == "1"  # permanent: never retried
    assert not [m for _, m in running.seen if m.subject == "t-2"]


def batch_counts() -> tuple[float, float]:
    def value(name: str) -> float:
        return REGISTRY.get_sample_value(name, {"consumer": "c"}) or 0.0

    return value("t2t_consumer_batches_total"), value("t2t_consumer_batch_records_total")


async def test_each_batch_and_its_records_are_counted(running: Running, infra: Infra) -> None:
    batches_before, records_before = batch_counts()
    things = [
        record(running.topics, ThingHappened(thing_id=f"b-{i}", colour="red")) for i in range(3)
    ]
    await publish(infra.kafka_bootstrap, [raw(r) for r in things])

    await eventually(lambda: batch_counts()[1] - records_before >= 3, within=60)
    batches, records = batch_counts()
    # At most one batch per record, and at least one batch for them all.
    assert 1 <= batches - batches_before <= records - records_before

"""The consumer over the real broker: a tombstone that still carries an event's headers.

Erasing a person before their contact record is relayed nulls the outbox row's value and
keeps its headers, so the tombstone says `content-type: application/json` over no body.
Decoding that body failed before any handler ran, and the batch was read again forever.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import ClassVar

import pytest
from faststream.kafka import KafkaBroker

from t2t_shared.envelope import event_record
from t2t_shared.events import IntegrationEvent
from t2t_shared.messaging.consumer import EventConsumer
from t2t_shared.messaging.kafka import KafkaConnection, create_producer, create_reader
from t2t_shared.messaging.routes import ReceivedEvent, Routes
from t2t_shared.messaging.source import SourceReader
from t2t_shared.messaging.tuning import ConsumerTuning
from t2t_shared.topics import Topics, TopicSpec, ensure_topics
from tests.fixtures.services import Infra, eventually, publish, unique_prefix

pytestmark = pytest.mark.integration

RawRecord = tuple[str, bytes, bytes | None, list[tuple[str, bytes]]]


class ContactKept(IntegrationEvent):
    service: ClassVar[str] = "things"
    subject_field: ClassVar[str] = "person_id"

    person_id: str


@dataclass
class Seen:
    records: list[tuple[str | None, bool, int]] = field(default_factory=list)
    failures_left: dict[str, int] = field(default_factory=dict)


@dataclass
class Running:
    topics: Topics
    seen: Seen


@pytest.fixture(scope="module")
async def running(infra: Infra) -> AsyncIterator[Running]:
    topics = Topics(unique_prefix())
    connection = KafkaConnection(infra.kafka_bootstrap)
    contacts, retry, dlq = topics.contacts("things"), topics.retry("c"), topics.dlq("c")
    # One partition: the event behind the tombstone can only be read after it.
    await ensure_topics(connection, [TopicSpec(t, 1) for t in (contacts, retry, dlq)])
    seen = Seen()
    routes = Routes()

    @routes.on_record(contacts)
    async def handle(event: ReceivedEvent) -> None:
        seen.records.append((event.key, event.is_tombstone, event.attempt))
        key = event.key or ""
        if seen.failures_left.get(key, 0) > 0:
            seen.failures_left[key] -= 1
            raise RuntimeError("failing on purpose")

    consumer = EventConsumer(
        name="c",
        topics=topics,
        routes=routes,
        producer_factory=lambda: create_producer(connection, "test-tombstones"),
        reader=SourceReader(lambda: create_reader(connection, "test-tombstones-read")),
        # Tansu holds a group's first join for half the session timeout: 1.5 s, not 3.
        tuning=ConsumerTuning(retry_delays_s=(0.2, 0.2), session_timeout_ms=3000),
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


def contact(topics: Topics, person_id: str) -> RawRecord:
    r = event_record(
        ContactKept(person_id=person_id),
        topic=topics.contacts("things"),
        source="/t2t/test/things",
        schema_base_url="https://example.invalid",
    )
    return r.topic, r.key.encode(), r.value, r.headers


def erased_before_relayed(topics: Topics, person_id: str) -> RawRecord:
    """The contact record's headers over a null value, as an erased outbox row is sent."""
    topic, key, _, headers = contact(topics, person_id)
    assert ("content-type", b"application/json") in headers
    return topic, key, None, headers


async def test_a_tombstone_with_event_headers_is_handled_and_the_partition_goes_on(
    running: Running, infra: Infra
) -> None:
    topics = running.topics
    await publish(
        infra.kafka_bootstrap,
        [erased_before_relayed(topics, "erased"), contact(topics, "after")],
    )

    await eventually(lambda: ("after", False, 0) in running.seen.records, within=60)
    assert ("erased", True, 0) in running.seen.records


async def test_such_a_tombstone_is_retried_from_the_retry_topic(
    running: Running, infra: Infra
) -> None:
    running.seen.failures_left["erased-retried"] = 1
    await publish(infra.kafka_bootstrap, [erased_before_relayed(running.topics, "erased-retried")])

    await eventually(lambda: ("erased-retried", True, 1) in running.seen.records, within=60)

"""Contact records over the real broker: their retry and DLQ copies never carry the value.

The retry reads the value back from the contacts topic at the offset its headers name,
so the handler still gets the record, and nothing readable beyond the contacts topic
ever held it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import ClassVar

import pytest
from faststream.kafka import KafkaBroker

from t2t_shared.envelope import event_record, header_value
from t2t_shared.events import IntegrationEvent
from t2t_shared.messaging.consumer import EventConsumer
from t2t_shared.messaging.failures import VALUE_WITHHELD
from t2t_shared.messaging.kafka import KafkaConnection, create_producer, create_reader
from t2t_shared.messaging.routes import ReceivedEvent, Routes
from t2t_shared.messaging.source import SourceReader
from t2t_shared.messaging.tuning import ConsumerTuning
from t2t_shared.topics import Topics, TopicSpec, ensure_topics
from tests.fixtures.services import Infra, eventually, publish, unique_prefix
from tests.fixtures.topics import Records, read_until

pytestmark = pytest.mark.integration

EMAIL = "canary-contact-7731@example.org"


class ContactKept(IntegrationEvent):
    service: ClassVar[str] = "people"
    subject_field: ClassVar[str] = "person_id"

    person_id: str
    email: str
    fails: int


@dataclass
class Seen:
    handled: list[tuple[str, int, str | None]] = field(default_factory=list)


@dataclass
class Running:
    topics: Topics
    seen: Seen


@pytest.fixture(scope="module")
async def running(infra: Infra) -> AsyncIterator[Running]:
    topics = Topics(unique_prefix())
    connection = KafkaConnection(infra.kafka_bootstrap)
    names = (topics.contacts("people"), topics.retry("c"), topics.dlq("c"))
    await ensure_topics(connection, [TopicSpec(t, 1) for t in names])
    seen = Seen()
    routes = Routes()

    @routes.on_record(topics.contacts("people"))
    async def handle(event: ReceivedEvent) -> None:
        data = event.data()
        seen.handled.append((event.key or "", event.attempt, data.get("email")))
        if event.attempt < data.get("fails", 0):
            raise RuntimeError("failing on purpose")

    consumer = EventConsumer(
        name="c",
        topics=topics,
        routes=routes,
        producer_factory=lambda: create_producer(connection, "test-contacts"),
        # Tansu holds a group's first join for half the session timeout: 1.5 s, not 3.
        tuning=ConsumerTuning(retry_delays_s=(0.2,), session_timeout_ms=3000),
        reader=SourceReader(lambda: create_reader(connection, "test-contacts-read")),
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


def contact(topics: Topics, person_id: str, fails: int) -> tuple[str, bytes, bytes | None, list]:  # type: ignore[type-arg]
    r = event_record(
        ContactKept(person_id=person_id, email=EMAIL, fails=fails),
        topic=topics.contacts("people"),
        source="/t2t/test/people",
        schema_base_url="https://example.invalid",
    )
    return r.topic, r.key.encode(), r.value, r.headers


def _keyed(records: Records, key: bytes) -> Records:
    return [r for r in records if r.key == key]


async def test_a_retried_contact_record_is_read_back_from_its_topic(
    running: Running, infra: Infra
) -> None:
    await publish(infra.kafka_bootstrap, [contact(running.topics, "retried", fails=1)])

    await eventually(lambda: ("retried", 1, EMAIL) in running.seen.handled, within=60)
    # The module's tests share the retry topic: the other record's retries may be there too.
    retries = await read_until(
        infra.kafka_bootstrap, running.topics.retry("c"), lambda rs: any(_keyed(rs, b"retried"))
    )
    [copy] = _keyed(retries, b"retried")
    assert copy.value is None
    assert header_value(list(copy.headers), VALUE_WITHHELD)
    assert all(EMAIL.encode() not in (v or b"") for _, v in copy.headers)


async def test_a_dead_contact_record_reaches_the_dlq_without_its_value(
    running: Running, infra: Infra
) -> None:
    await publish(infra.kafka_bootstrap, [contact(running.topics, "dead", fails=5)])

    dlq = running.topics.dlq("c")
    letters = await read_until(infra.kafka_bootstrap, dlq, lambda rs: any(_keyed(rs, b"dead")))
    [letter] = _keyed(letters, b"dead")
    assert letter.value is None
    assert header_value(list(letter.headers), VALUE_WITHHELD)
    # It was retried with its value all the same.
    assert ("dead", 1, EMAIL) in running.seen.handled

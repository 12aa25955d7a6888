"""The consumer under faults, over the real database and broker.

Infrastructure errors are retried in place (never the retry topic or the DLQ); a failed
event parks its key so later events of that key wait behind it while other keys flow; an
erasure tombstone behind a retried contact record stays final; an unknown major version
of a handled type is dead-lettered.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import ClassVar

import pytest
import sqlalchemy as sa
from aiokafka import AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from faststream.kafka import KafkaBroker
from prometheus_client import REGISTRY
from sqlalchemy.ext.asyncio import AsyncEngine

from t2t_shared.db import DbTimeouts, create_engine, define_messaging_tables, session_factory
from t2t_shared.envelope import event_record
from t2t_shared.events import IntegrationEvent
from t2t_shared.messaging.consumer import EventConsumer
from t2t_shared.messaging.kafka import KafkaConnection, create_producer, create_reader
from t2t_shared.messaging.routes import ReceivedEvent, Routes
from t2t_shared.messaging.source import SourceReader
from t2t_shared.messaging.tuning import ConsumerTuning
from t2t_shared.topics import Topics, TopicSpec, ensure_topics
from tests.fixtures.services import Infra, eventually, publish, unique_prefix
from tests.fixtures.topics import read_to_end, read_until

pytestmark = pytest.mark.integration

THING_V1 = "t2t.things.ThingHappened.v1"


class ThingHappened(IntegrationEvent):
    service: ClassVar[str] = "things"
    subject_field: ClassVar[str] = "thing_id"

    thing_id: str
    seq: int
    fail_first: bool = False
    needs_gate: bool = False


class ContactRecorded(IntegrationEvent):
    service: ClassVar[str] = "people"
    subject_field: ClassVar[str] = "person_id"

    person_id: str
    name: str
    fail_first: bool = False


@dataclass
class Running:
    topics: Topics
    engine: AsyncEngine
    handled: list[tuple[str, int, int]] = field(default_factory=list)  # thing, seq, attempt
    contacts_log: list[tuple[str, str]] = field(default_factory=list)  # person, what

    @property
    def things(self) -> str:
        return self.topics.events("things")

    @property
    def contacts(self) -> str:
        return self.topics.contacts("people")


@pytest.fixture(scope="module")
async def running(infra: Infra) -> AsyncIterator[Running]:
    topics = Topics(unique_prefix())
    connection = KafkaConnection(infra.kafka_bootstrap)
    names = (topics.events("things"), topics.contacts("people"), topics.retry("c"), topics.dlq("c"))
    await ensure_topics(connection, [TopicSpec(t, 2) for t in names])
    url = infra.make_database("consumer_faults").replace("postgresql://", "postgresql+asyncpg://")
    # Short lock timeout: a held lock fails the handler's statement quickly, as in production.
    engine = create_engine(url, timeouts=DbTimeouts(lock_timeout_ms=200))
    metadata = sa.MetaData()
    define_messaging_tables(metadata)
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
        await conn.execute(sa.text("CREATE TABLE gate (id int PRIMARY KEY)"))
        await conn.execute(sa.text("INSERT INTO gate VALUES (1)"))
        await conn.execute(sa.text("CREATE TABLE contacts (person_id text PRIMARY KEY, name text)"))
    state = Running(topics, engine)
    routes = Routes()

    @routes.on_record(state.things, THING_V1)
    async def thing(event: ReceivedEvent) -> None:
        t = event.parse(ThingHappened)
        if t.needs_gate:
            async with engine.begin() as conn:
                await conn.execute(sa.text("SELECT id FROM gate WHERE id = 1 FOR UPDATE"))
        state.handled.append((t.thing_id, t.seq, event.attempt))
        if t.fail_first and event.attempt == 0:
            raise RuntimeError("failing on purpose")

    @routes.on_record(state.contacts)
    async def contact(event: ReceivedEvent) -> None:
        assert event.key is not None
        async with engine.begin() as conn:
            if event.is_tombstone:
                state.contacts_log.append((event.key, "erase"))
                await conn.execute(
                    sa.text("DELETE FROM contacts WHERE person_id = :p"), {"p": event.key}
                )
                return
            c = event.parse(ContactRecorded)
            if c.fail_first and event.attempt == 0:
                state.contacts_log.append((event.key, "failed"))
                raise RuntimeError("failing on purpose")
            state.contacts_log.append((event.key, c.name))
            await conn.execute(
                sa.text(
                    "INSERT INTO contacts VALUES (:p, :n) "
                    "ON CONFLICT (person_id) DO UPDATE SET name = excluded.name"
                ),
                {"p": c.person_id, "n": c.name},
            )

    consumer = EventConsumer(
        name="c",
        topics=topics,
        routes=routes,
        producer_factory=lambda: create_producer(connection, "test-faults"),
        reader=SourceReader(lambda: create_reader(connection, "test-faults-read")),
        # Tansu holds a group's first join for half the session timeout: 1.5 s, not 3.
        tuning=ConsumerTuning(retry_delays_s=(0.5, 1.0), session_timeout_ms=3000),
        sessions=session_factory(engine),
        parked_table=metadata.tables["parked_events"],
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
        await engine.dispose()


def thing(running: Running, thing_id: str, seq: int, **flags: bool) -> tuple:  # type: ignore[type-arg]
    r = event_record(
        ThingHappened(thing_id=thing_id, seq=seq, **flags),
        topic=running.things,
        source="/t2t/test/things",
        schema_base_url="https://example.invalid",
    )
    return r.topic, r.key.encode(), r.value, r.headers


def contact(running: Running, person_id: str, name: str, **flags: bool) -> tuple:  # type: ignore[type-arg]
    r = event_record(
        ContactRecorded(person_id=person_id, name=name, **flags),
        topic=running.contacts,
        source="/t2t/test/people",
        schema_base_url="https://example.invalid",
    )
    return r.topic, r.key.encode(), r.value, r.headers


async def keys_on(infra: Infra, topic: str) -> set[bytes]:
    """The keys on the topic now: called once the record was handled, so the whole answer."""
    return {r.key for r in await read_to_end(infra.kafka_bootstrap, topic)}


async def test_a_database_fault_is_retried_in_place_not_sent_to_retry_or_dlq(
    running: Running, infra: Infra
) -> None:
    def retried() -> float:
        labels = {"consumer": "c", "error": "DBAPIError"}
        return REGISTRY.get_sample_value("t2t_consumer_infra_retries_total", labels) or 0

    before = retried()
    holder = await running.engine.connect()
    try:
        # Someone holds the row the handler needs: its statement hits lock_timeout.
        await holder.execute(sa.text("SELECT id FROM gate WHERE id = 1 FOR UPDATE"))
        await publish(infra.kafka_bootstrap, [thing(running, "gated", 1, needs_gate=True)])
        await eventually(lambda: retried() >= before + 2, within=60)
    finally:
        await holder.rollback()
        await holder.close()

    await eventually(lambda: ("gated", 1, 0) in running.handled, within=60)
    assert b"gated" not in await keys_on(infra, running.topics.retry("c"))
    assert b"gated" not in await keys_on(infra, running.topics.dlq("c"))


async def test_later_events_of_a_failed_key_wait_behind_it_and_other_keys_flow(
    running: Running, infra: Infra
) -> None:
    await publish(
        infra.kafka_bootstrap,
        [
            thing(running, "parked", 1, fail_first=True),
            thing(running, "parked", 2),
            thing(running, "flowing", 1),
            thing(running, "parked", 3),
        ],
    )

    await eventually(lambda: ("parked", 3, 0) in running.handled, within=60)
    parked = [(seq, attempt) for t, seq, attempt in running.handled if t == "parked"]
    assert parked == [(1, 0), (1, 1), (2, 0), (3, 0)]
    # The other key did not wait for the retry.
    assert running.handled.index(("flowing", 1, 0)) < running.handled.index(("parked", 1, 1))


async def test_an_erasure_behind_a_retried_contact_record_stays_final(
    running: Running, infra: Infra
) -> None:
    await publish(
        infra.kafka_bootstrap,
        [
            contact(running, "person-erased", "Old Details", fail_first=True),
            (running.contacts, b"person-erased", None, []),
            contact(running, "person-kept", "Kept"),
        ],
    )

    await eventually(lambda: ("person-erased", "erase") in running.contacts_log, within=60)
    async with running.engine.connect() as conn:
        rows = dict((await conn.execute(sa.text("SELECT person_id, name FROM contacts"))).all())
    assert "person-erased" not in rows, "the retried record brought erased details back"
    assert rows["person-kept"] == "Kept"
    erased = [what for person, what in running.contacts_log if person == "person-erased"]
    assert erased == ["failed", "Old Details", "erase"]


async def test_an_unknown_major_version_of_a_handled_type_is_dead_lettered(
    running: Running, infra: Infra
) -> None:
    topic, key, value, headers = thing(running, "from-the-future", 1)
    headers = [(k, b"t2t.things.ThingHappened.v2" if k == "ce_type" else v) for k, v in headers]
    await publish(infra.kafka_bootstrap, [(topic, key, value, headers)])

    records = await read_until(
        infra.kafka_bootstrap,
        running.topics.dlq("c"),
        done=lambda records: any(r.key == b"from-the-future" for r in records),
        within=60,
    )
    [found] = [r for r in records if r.key == b"from-the-future"]
    reason = dict(found.headers)["t2t-error"].decode()
    assert reason.startswith("UnknownEventVersion")
    assert not [h for h in running.handled if h[0] == "from-the-future"]


async def test_partition_assignments_are_counted_and_logged(running: Running) -> None:
    labels = {"group": f"{running.topics.prefix}c", "change": "assigned"}

    assert (REGISTRY.get_sample_value("t2t_consumer_rebalances_total", labels) or 0) >= 1


async def test_a_released_event_that_fails_becomes_the_head_and_the_rest_wait_on(
    running: Running, infra: Infra
) -> None:
    await publish(
        infra.kafka_bootstrap,
        [
            thing(running, "chained", 1, fail_first=True),
            thing(running, "chained", 2, fail_first=True),
            thing(running, "chained", 3),
        ],
    )

    await eventually(lambda: ("chained", 3, 0) in running.handled, within=60)
    chained = [(seq, attempt) for t, seq, attempt in running.handled if t == "chained"]
    assert chained == [(1, 0), (1, 1), (2, 0), (2, 1), (3, 0)]
    async with running.engine.connect() as conn:
        left = await conn.scalar(
            sa.text("SELECT count(*) FROM parked_events WHERE key = 'chained'")
        )
    assert left == 0


async def test_a_poison_record_in_a_batch_is_dead_lettered_alone_and_the_rest_committed(
    running: Running, infra: Infra
) -> None:
    good = [thing(running, f"batch-{i}", i) for i in range(6)]
    topic, key, _, headers = thing(running, "batch-poison", 0)
    poison = (topic, key, b'{"thing_id": "batch-poison", "seq": "not a number"}', headers)
    # Sent together to one partition, so the consumer fetches them as one batch.
    producer = AIOKafkaProducer(bootstrap_servers=infra.kafka_bootstrap, acks="all")
    await producer.start()
    try:
        sent = [
            await producer.send(t, value=v, key=k, headers=h, partition=0)
            for t, k, v, h in [*good[:3], poison, *good[3:]]
        ]
        last = max([(await s).offset for s in sent])
    finally:
        await producer.stop()

    expected = {f"batch-{i}" for i in range(6)}
    await eventually(lambda: expected <= {t for t, _, _ in running.handled}, within=60)
    # The poison is dead-lettered in its place in the batch, before the records after it are
    # handled: once all six were, its letter is there and any other would be too.
    dead = await read_until(
        infra.kafka_bootstrap,
        running.topics.dlq("c"),
        done=lambda records: any(r.key == b"batch-poison" for r in records),
    )
    batch_keys = {r.key for r in dead if r.key.startswith(b"batch-")}
    assert batch_keys == {b"batch-poison"}

    admin = AIOKafkaAdminClient(bootstrap_servers=infra.kafka_bootstrap)
    await admin.start()
    try:

        async def committed() -> bool:
            part = TopicPartition(running.things, 0)
            offsets = await admin.list_consumer_group_offsets(
                f"{running.topics.prefix}c", partitions=[part]
            )
            return bool(offsets[part].offset > last)

        await eventually(committed, within=30)
    finally:
        await admin.close()

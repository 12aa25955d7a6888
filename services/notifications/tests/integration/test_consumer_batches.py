"""A consumer batch in one transaction, over the real database and broker: contact records
first, each message planned once, a failing record handled on its own, and two replicas
on the same recipients neither stuck nor planning twice."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from typing import Any

import pytest
import sqlalchemy as sa

from notifications.adapters import orm
from notifications.bootstrap import Container, bootstrap
from notifications.config import Settings
from notifications.domain.facts import ReferralFacts
from notifications.service_layer.contact_details import person_recipient
from t2t_shared import driver
from t2t_shared.messaging.outcomes import BATCH_FALLBACKS
from tests.fixtures.services import Infra, read_topic, unique_prefix

from . import upstream
from .records import Person, Publisher, Record
from .running import Running, running_service
from .stored import Clock

pytestmark = pytest.mark.integration


@dataclass
class Consumed:
    """A record as the consumer reads it from the broker."""

    topic: str
    key: bytes | None
    value: bytes | None
    headers: list[tuple[str, bytes]]
    partition: int = 0
    offset: int = 0


def consumed(records: Sequence[Record]) -> tuple[Any, ...]:
    return tuple(Consumed(*r, offset=i) for i, r in enumerate(records))


def referral(person: Person) -> list[Record]:
    """What referrals publishes for one referral: the contacts, then v2 and its v1 copy."""
    return [person.referrer_contact(), person.contact(), person.received(), person.received_v1()]


def fallbacks() -> float:
    return sum(
        sample.value
        for metric in BATCH_FALLBACKS.collect()
        for sample in metric.samples
        if sample.name.endswith("_total") and sample.labels["consumer"] == "notifications"
    )


async def planned(engine: Any, people: Sequence[Person]) -> dict[tuple[str, str], int]:
    """(referral, template) -> how many notifications, for these people's referrals."""
    t = orm.notifications
    subjects = [p.referral_id for p in people]
    async with engine.connect() as conn:
        rows = (await conn.execute(
            sa.select(t.c.subject_id, t.c.template, sa.func.count())
            .where(t.c.subject_id.in_(subjects))
            .group_by(t.c.subject_id, t.c.template)
        )).all()  # fmt: skip
    return {(subject, template): int(n) for subject, template, n in rows}


async def waiting(engine: Any) -> int:
    async with engine.connect() as conn:
        count = await conn.execute(sa.select(sa.func.count()).select_from(orm.waiting_events))
        return int(count.scalar_one())


def both_once(people: Sequence[Person]) -> dict[tuple[str, str], int]:
    return {
        (p.referral_id, template): 1
        for p in people
        for template in ("referral_acknowledgement", "referral_receipt_referrer")
    }


@asynccontextmanager
async def sent_on(session: Any) -> AsyncIterator[list[str]]:
    """The statements asyncpg sends on the session's connection meanwhile (its query
    logger, called soon rather than at once: sleep(0) before counting)."""
    statements: list[str] = []

    def log(query: Any) -> None:
        statements.append(query.query)

    db = await driver.connection(session)
    db.add_query_logger(log)
    try:
        yield statements
    finally:
        db.remove_query_logger(log)


@pytest.fixture(scope="module")
async def running(
    infra: Infra, smtp_catcher: Any, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Running]:
    sms = tmp_path_factory.mktemp("sms") / "sms.jsonl"
    async for service in running_service(infra, smtp_catcher, sms):
        yield service


async def test_a_batch_plans_each_message_once_with_nothing_left_waiting(running: Running) -> None:
    people = [Person(running.pub) for _ in range(3)]
    # The events before their contacts, as they may come off two partitions.
    records = [r for p in people for r in referral(p)[2:]] + [
        r for p in people for r in referral(p)[:2]
    ]
    consumer = running.container.runtime.consumer
    assert consumer is not None
    before = fallbacks()

    await consumer.process_batch(consumed(records))

    engine = running.container.runtime.engine
    assert await planned(engine, people) == both_once(people)
    assert await waiting(engine) == 0
    assert fallbacks() == before  # handled by the batch path, not record by record

    await consumer.process_batch(consumed(records))  # redelivered: nothing new
    assert await planned(engine, people) == both_once(people)


async def test_a_failing_record_is_dead_lettered_and_the_rest_of_its_batch_handled(
    running: Running,
) -> None:
    people = [Person(running.pub) for _ in range(2)]
    broken = Person(running.pub)
    topic, key, value, headers = broken.received()
    assert value is not None
    bad = (topic, key, json.dumps({**json.loads(value), "person_id": "nobody"}).encode(), headers)
    records = [*referral(people[0]), bad, *referral(people[1])]
    consumer = running.container.runtime.consumer
    assert consumer is not None
    before = fallbacks()

    await consumer.process_batch(consumed(records))

    assert fallbacks() == before + 1
    assert await planned(running.container.runtime.engine, people) == both_once(people)
    dlq = running.container.topics.dlq("notifications")
    dead = await read_topic(running.container.settings.kafka_bootstrap, dlq, expect=1)
    assert [r.key for r in dead] == [key]


async def test_two_replicas_on_the_same_recipients_neither_stick_nor_plan_twice(
    infra: Infra,
) -> None:
    url = await infra.migrated_database("notifications")
    config = Settings(**infra.settings_kwargs(url, unique_prefix()))
    replicas: list[Container] = [bootstrap(config, clock=Clock()) for _ in range(2)]
    try:
        pub = Publisher(config.topic_prefix)
        people = [Person(pub) for _ in range(12)]
        records = [r for p in people for r in referral(p)]
        # Each replica a batch in its own order, half the records in both (a rebalance
        # hands a partition over while its batch is being handled).
        first = records[: len(records) * 3 // 4]
        second = list(reversed(records[len(records) // 4 :]))
        consumers = [c.runtime.consumer for c in replicas]
        assert consumers[0] is not None
        assert consumers[1] is not None

        await asyncio.wait_for(
            asyncio.gather(
                consumers[0].process_batch(consumed(first)),
                consumers[1].process_batch(consumed(second)),
            ),
            timeout=120,
        )

        engine = replicas[0].runtime.engine
        assert await planned(engine, people) == both_once(people)
        assert await waiting(engine) == 0
    finally:
        for c in replicas:
            await c.dispatcher.close()
            await c.runtime.engine.dispose()


async def test_a_locked_recipient_is_read_once_until_a_contact_record_changes_them(
    running: Running,
) -> None:
    person = uuid.uuid4()
    contacts = running.container.topics.contacts("referrals")
    async with running.container.uow() as uow:
        await uow.recipients.lock([person])
        assert await uow.recipients.get_many([person]) == {}
        await uow.recipients.lock([person])  # held already: what was read still holds

        record = upstream.person_contact(person, email="new@example.org")
        assert await uow.contacts.record(contacts, person_recipient(record), 1, None) == []

        found = await uow.recipients.get_many([person])
        assert found[person].email == "new@example.org"


async def test_a_shared_recipient_lock_lets_readers_in_and_keeps_writers_out(
    running: Running,
) -> None:
    practice = str(uuid.uuid4())
    probe = (
        "SELECT pg_try_advisory_xact_lock_shared(hashtextextended(:id, 0)),"
        " pg_try_advisory_xact_lock(hashtextextended(:id, 0))"
    )
    async with running.container.uow() as uow:
        await uow.recipients.lock([uuid.UUID(practice)], shared=True)
        async with running.container.runtime.engine.connect() as other:
            reader, writer = (await other.execute(sa.text(probe), {"id": practice})).one()
    assert (reader, writer) == (True, False)


async def test_a_batch_locks_its_writers_and_readers_in_one_statement(running: Running) -> None:
    """Two statements (writers, then readers) let two replicas' batches each hold, from the
    first, a recipient the other waits for in the second: a deadlock, a second lost."""
    written, read = uuid.uuid4(), uuid.uuid4()
    probe = (
        "SELECT pg_try_advisory_xact_lock_shared(hashtextextended(:id, 0)),"
        " pg_try_advisory_xact_lock(hashtextextended(:id, 0))"
    )
    async with running.container.uow() as uow:
        async with sent_on(uow.session) as statements:
            await uow.recipients.lock_both([written], [read, written])
            await uow.recipients.lock_both([written], [read])  # held already: nothing sent
            await asyncio.sleep(0)
        async with running.container.runtime.engine.connect() as other:
            as_written = (await other.execute(sa.text(probe), {"id": str(written)})).one()
            as_read = (await other.execute(sa.text(probe), {"id": str(read)})).one()
    # (asyncpg may add its own type introspection on a connection new to a type)
    assert len([q for q in statements if "pg_advisory" in q]) == 1
    assert tuple(as_written) == (False, False)  # exclusive: nobody else in
    assert tuple(as_read) == (True, False)  # shared: readers in, writers out


async def test_a_referral_saved_in_the_transaction_is_known_without_a_read(
    running: Running,
) -> None:
    saved_before, saved_now, unknown = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    facts = ReferralFacts(saved_before, uuid.uuid4(), "T2T-ABC-123", None, None)
    async with running.container.uow() as uow:
        await uow.read_model.save_referral(facts)
        await uow.commit()
    async with running.container.uow() as uow, sent_on(uow.session) as statements:
        await uow.read_model.save_referral(replace(facts, referral_id=saved_now))
        await asyncio.sleep(0)
        written = len(statements)
        assert await uow.read_model.has_referral(saved_now)
        await asyncio.sleep(0)
        assert len(statements) == written  # a batch's v1 copy after its v2: no read
        assert await uow.read_model.has_referral(saved_before)
        assert not await uow.read_model.has_referral(unknown)
        await asyncio.sleep(0)
        assert len(statements) == written + 2
        assert await uow.read_model.has_referral(unknown) is False  # asked: remembered
        await asyncio.sleep(0)
        assert len(statements) == written + 2


async def test_a_batch_looks_its_referrals_up_in_one_statement(running: Running) -> None:
    kept, new = uuid.uuid4(), uuid.uuid4()
    async with running.container.uow() as uow:
        await uow.read_model.save_referral(ReferralFacts(kept, uuid.uuid4(), "", None, None))
        await uow.commit()
    async with running.container.uow() as uow:
        # A fresh connection's first uuid[] also asks PostgreSQL about the type: not counted.
        await uow.read_model.look_up_referrals([uuid.uuid4()])
        async with sent_on(uow.session) as statements:
            await uow.read_model.look_up_referrals([kept, new, kept])
            await asyncio.sleep(0)
            assert len([q for q in statements if "referral_facts" in q]) == 1
            assert await uow.read_model.has_referral(kept)
            assert not await uow.read_model.has_referral(new)
            await uow.read_model.look_up_referrals([new])  # known already: not asked again
            await asyncio.sleep(0)
            assert len([q for q in statements if "referral_facts" in q]) == 1


async def test_a_batchs_events_write_in_one_round_trip_per_statement(running: Running) -> None:
    """Each event's facts, recipients' area and messages are held and sent together: one
    `executemany` per statement for the batch, however many referrals it holds."""
    people = [Person(running.pub) for _ in range(4)]
    records = [r for p in people for r in referral(p)]
    consumer = running.container.runtime.consumer
    assert consumer is not None
    sent: list[str] = []

    def logged(record: Any) -> None:
        sent.append(record.query)

    def on_checkout(dbapi_connection: Any, *_: Any) -> None:
        dbapi_connection._connection.add_query_logger(logged)

    def on_checkin(dbapi_connection: Any, *_: Any) -> None:
        dbapi_connection._connection.remove_query_logger(logged)

    pool = running.container.runtime.engine.sync_engine
    sa.event.listen(pool, "checkout", on_checkout)
    sa.event.listen(pool, "checkin", on_checkin)
    try:
        await consumer.process_batch(consumed(records))
    finally:
        sa.event.remove(pool, "checkout", on_checkout)
        sa.event.remove(pool, "checkin", on_checkin)
    await asyncio.sleep(0)  # asyncpg calls its loggers soon, not at once

    assert await planned(running.container.runtime.engine, people) == both_once(people)
    for write in (
        "INSERT INTO referral_facts",
        "UPDATE recipients SET area",
        "INSERT INTO notifications",
    ):
        assert sum(q.startswith(write) for q in sent) == 1, (write, sent)

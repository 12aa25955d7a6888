"""Whoever can write an events topic cannot make notifications take a record for a contact
record: a forged `t2t-original-topic` rewrites no email and erases nobody."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from t2t_shared.envelope import header_value
from t2t_shared.messaging.failures import ORIGINAL_TOPIC, REASON
from tests.fixtures.services import Infra, eventually
from tests.fixtures.topics import read_until

from .records import Person
from .running import Running, running_service

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
async def running(
    infra: Infra, smtp_catcher: Any, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Running]:
    sms = tmp_path_factory.mktemp("sms") / "sms.jsonl"
    async for service in running_service(infra, smtp_catcher, sms):
        yield service


async def email_of(running: Running, person_id: str) -> str | None:
    async with running.container.uow() as uow:
        found = await uow.recipients.get_many([uuid.UUID(person_id)])
    recipient = found.get(uuid.UUID(person_id))
    return recipient.email if recipient else None


def forged(record: Any, running: Running, onto: str) -> Any:
    """The record moved onto another service's events topic, claiming a contacts origin."""
    topic, key, value, headers = record
    return (
        f"{running.prefix}{onto}.events",
        key,
        value,
        [*headers, (ORIGINAL_TOPIC, topic.encode())],
    )


async def test_a_forged_contact_record_or_erasure_on_an_events_topic_changes_nothing(
    running: Running,
) -> None:
    person = Person(running.pub)
    await running.publish(person.contact())
    await eventually(lambda: email_of(running, person.person_id), within=40)

    rewritten = Person(running.pub, person_id=person.person_id)
    rewrite = rewritten.contact()
    attacker = (rewrite[0], rewrite[1], rewrite[2].replace(b"alex.", b"attacker."), rewrite[3])
    await running.publish(
        forged(attacker, running, "groups"), forged(person.erased(), running, "groups")
    )

    dlq = f"{running.prefix}notifications.dlq"

    key = person.person_id.encode()
    letters = await read_until(
        running.container.settings.kafka_bootstrap,
        dlq,
        done=lambda records: sum(r.key == key for r in records) >= 2,
        within=60,
    )
    reasons = {
        header_value(list(r.headers), REASON) for r in letters if r.key == person.person_id.encode()
    }
    assert reasons == {"source_mismatch", "no_envelope"}
    assert await email_of(running, person.person_id) == person.email

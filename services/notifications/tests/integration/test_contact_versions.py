"""Contact records: an older version never overwrites a newer one; an erasure is final."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from notifications import consumed_events as ev
from notifications.bootstrap import Container
from notifications.domain.model import Status
from notifications.service_layer import handlers
from tests.fixtures.contract_payloads import consumed
from tests.fixtures.services import Infra

from .stored import Clock, fetch, pending, person, store, stored_container

pytestmark = pytest.mark.integration


def contact(pid: uuid.UUID, email: str, **fields: Any) -> ev.PersonContact:
    # Validated from data, as the consumer does: `version` is a field of the record.
    return consumed(
        ev.PersonContact,
        "t2t.referrals.PersonContact.v1",
        {
            "person_id": str(pid),
            "given_name": "Sam",
            "email": email,
            "mobile": None,
            "preferred_channel": "email",
            "consent_to_contact": True,
        }
        | fields,
    )


async def record(c: Container, record: ev.PersonContact) -> int:
    return await handlers.record_contact(record, c.uow(), c.planning)


async def email_of(c: Container, pid: uuid.UUID) -> str | None:
    async with c.uow() as uow:
        found = await uow.recipients.get_many([pid])
    return found[pid].email if pid in found else None


async def test_an_older_record_arriving_late_is_ignored(infra: Infra) -> None:
    async with stored_container(infra, clock=Clock()) as c:
        pid = uuid.uuid4()
        await record(c, contact(pid, "new@example.org", version=2))
        await record(c, contact(pid, "old@example.org", version=1))
        await record(c, contact(pid, "same@example.org", version=2))
        assert await email_of(c, pid) == "new@example.org"
        await record(c, contact(pid, "newer@example.org", version=3))
        assert await email_of(c, pid) == "newer@example.org"


async def test_records_without_a_version_still_apply_in_arrival_order(infra: Infra) -> None:
    async with stored_container(infra, clock=Clock()) as c:
        pid = uuid.uuid4()
        await record(c, contact(pid, "a@example.org"))
        await record(c, contact(pid, "b@example.org"))
        assert await email_of(c, pid) == "b@example.org"


async def test_an_erasure_is_final_whatever_version_comes_after(infra: Infra) -> None:
    clock = Clock()
    async with stored_container(infra, clock=clock) as c:
        sam = person()
        note = pending(sam, clock())
        await store(c, [sam], note)
        await record(c, contact(sam.id, "sam@example.org", version=4))
        assert await handlers.erase_recipient(sam.id, c.uow()) == 1
        # The same record retried after the tombstone, and even a newer one.
        for version in (4, 9):
            await record(c, contact(sam.id, "sam@example.org", version=version))
        assert await email_of(c, sam.id) is None
        assert (await fetch(c, note.id))[0].status is Status.CANCELLED

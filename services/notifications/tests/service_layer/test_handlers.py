"""The handlers through an in-memory unit of work: waiting, replays, once-only, reminders."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from notifications import consumed_events as ev
from notifications.domain.model import Status
from notifications.service_layer import handlers
from notifications.service_layer.planning import Planning
from notifications.service_layer.rules import RULES
from t2t_shared.kernel.event_meta import EventMeta
from t2t_shared.messaging.failures import PermanentHandlerError
from tests.fixtures.contract_payloads import consumed, consumed_example

from .fakes import FakeUnitOfWork, Store, notes

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
PLANNING = Planning(clock=lambda: NOW)
PERSON, GROUP = uuid.uuid4(), uuid.uuid4()


async def handle(store: Store, event_name: str, service: str = "groups", **data: Any) -> int:
    rule = RULES[f"t2t.{service}.{event_name}.v1"]
    meta = EventMeta(str(uuid.uuid4()), f"/t2t/dev/{service}", rule.ce_type)
    # The published example, with what the test states: a payload the producer could send.
    event = consumed_example(rule.model, rule.ce_type, **{"area": "leeds", **data})
    return await handlers.on_event(rule, event, meta, FakeUnitOfWork(store), PLANNING)  # type: ignore[arg-type]


async def contact(store: Store, person: uuid.UUID = PERSON) -> int:
    record = consumed(
        ev.PersonContact,
        "t2t.referrals.PersonContact.v1",
        {
            "person_id": person,
            "given_name": "Sam",
            "email": "sam@example.org",
            "mobile": None,
            "preferred_channel": "email",
            "consent_to_contact": True,
        },
    )
    return await handlers.record_contact(record, FakeUnitOfWork(store), PLANNING)  # type: ignore[arg-type]


def waitlisted(person: uuid.UUID = PERSON) -> dict[str, Any]:
    return {"referral_id": uuid.uuid4(), "person_id": person, "position": 1}


async def test_an_event_before_its_contact_waits_then_is_planned_once() -> None:
    store = Store()
    assert await handle(store, "MemberWaitlisted", **waitlisted()) == 0
    assert list(store.waiting)
    assert not store.notifications
    assert await contact(store) == 1
    assert await contact(store) == 0  # a repeated contact record replans nothing
    [note] = notes(store)
    assert (note.template, note.status, note.area) == ("member_waitlisted", Status.PENDING, "leeds")


async def test_a_redelivered_event_plans_nothing() -> None:
    store = Store()
    await contact(store)
    rule = RULES["t2t.groups.MemberWaitlisted.v1"]
    meta = EventMeta("same-id", "/t2t/dev/groups", rule.ce_type)
    event = consumed_example(rule.model, rule.ce_type, **{"area": "leeds", **waitlisted()})
    for expected in (1, 0):
        uow = FakeUnitOfWork(store)
        assert await handlers.on_event(rule, event, meta, uow, PLANNING) == expected  # type: ignore[arg-type]


def group() -> dict[str, Any]:
    return {
        "group_id": GROUP,
        "name": "Headingley group",
        "format": "in_person",
        "venue_name": "Community Centre",
        "schedule_text": "Monthly",
        "capacity": 12,
    }


def session(session_id: uuid.UUID, starts: datetime) -> dict[str, Any]:
    return {
        "group_id": GROUP,
        "session_id": session_id,
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=1),
    }


async def test_joining_and_scheduling_make_one_reminder_whatever_the_order() -> None:
    store, sid = Store(), uuid.uuid4()
    await contact(store)
    await handle(store, "GroupCreated", **group())
    await handle(store, "SessionScheduled", **session(sid, NOW + timedelta(days=3)))
    joined = {"referral_id": uuid.uuid4(), "person_id": PERSON, "group_id": GROUP,
              "group_name": "Headingley group"}  # fmt: skip
    await handle(store, "MemberJoined", **joined)
    # The session's event replayed from another source (a rebuild): still one reminder.
    await handle(store, "SessionScheduled", **session(sid, NOW + timedelta(days=3)))
    [reminder] = notes(store, template="session_reminder")
    assert reminder.due_at == NOW + timedelta(days=2)
    assert reminder.subject_id == str(GROUP)

    moved = session(sid, NOW + timedelta(days=4)) | {"previous_starts_at": NOW + timedelta(days=3)}
    await handle(store, "SessionRescheduled", **moved)
    reminders = notes(store, template="session_reminder")
    assert sorted(r.status.value for r in reminders) == ["cancelled", "pending"]
    assert {r.due_at for r in reminders if r.status is Status.PENDING} == {NOW + timedelta(days=3)}
    assert len(notes(store, template="session_rescheduled")) == 1

    left = {k: v for k, v in joined.items() if k != "group_name"}  # MemberLeft carries no name
    await handle(store, "MemberLeft", **left | {"reason": "moved_away"})
    assert {r.status for r in notes(store, template="session_reminder")} == {Status.CANCELLED}


async def test_an_event_that_cannot_be_notified_stores_nothing() -> None:
    store = Store()
    await contact(store)
    offer = {"referral_id": uuid.uuid4(), "person_id": PERSON, "group_id": GROUP,
             "group_name": "Online group", "format": "online", "joining_link": None,
             "offer_expires_at": NOW}  # fmt: skip
    commits = store.commits
    with pytest.raises(PermanentHandlerError, match="joining_link"):
        await handle(store, "PlaceOffered", **offer)
    assert store.commits == commits
    assert not store.notifications
    assert not store.inbox  # not even claimed: the rollback took the claim too


async def test_erasure_cancels_pending_and_drops_what_waited() -> None:
    store, other = Store(), uuid.uuid4()
    await contact(store)
    await handle(store, "MemberWaitlisted", **waitlisted())
    await handle(store, "MemberWaitlisted", **waitlisted(other))  # waits for its contact
    assert await handlers.erase_recipient(PERSON, FakeUnitOfWork(store)) == 1  # type: ignore[arg-type]
    assert await handlers.erase_recipient(other, FakeUnitOfWork(store)) == 0  # type: ignore[arg-type]
    assert {n.status for n in notes(store)} == {Status.CANCELLED}
    assert not store.waiting
    assert await contact(store, other) == 0

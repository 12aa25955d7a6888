"""When messages go, and when they must not: quiet hours, opt-outs, reminders, erasure,
and events that cannot be notified. One service for the module, its clock moved by tests."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from tests.fixtures.services import Infra, auth, eventually
from tests.fixtures.topics import read_to_end, read_until

from .records import Group, Person, new_id
from .running import OPS, Running, running_service, settle

pytestmark = pytest.mark.integration
LONDON = ZoneInfo("Europe/London")
COORDINATOR = auth("coordinator", ["leeds"])


def london(days: int, hour: int, minute: int = 0) -> datetime:
    day = datetime.now(LONDON).date() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


@pytest.fixture(scope="module")
async def running(
    infra: Infra, smtp_catcher: Any, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Running]:
    sms = tmp_path_factory.mktemp("sms") / "sms.jsonl"
    # Default quiet hours (20:00-08:00 Europe/London), a clock each test sets.
    async for service in running_service(infra, smtp_catcher, sms):
        yield service


@pytest.fixture(autouse=True)
def midday(running: Running) -> None:
    """Every test starts at midday tomorrow, whatever the real time: no quiet hours by chance."""
    running.clock.set(london(1, 12))


async def _member(running: Running, channel: str = "sms") -> tuple[Person, Group]:
    p, g = Person(running.pub, channel=channel), Group(running.pub)
    await running.publish(g.created(), p.contact())
    await running.wait_for("group_created_coordinators", g.group_id)
    await running.publish(p.joined(g))
    await running.wait_for("member_joined", p.referral_id)
    return p, g


async def test_a_text_due_in_quiet_hours_waits_for_eight_and_is_then_sent(running: Running) -> None:
    running.clock.set(london(1, 22, 30))
    texted, emailed = Person(running.pub, channel="sms"), Person(running.pub, channel="email")
    await running.publish(
        texted.contact(), texted.waitlisted(), emailed.contact(), emailed.waitlisted()
    )

    # Email is not held back at night; the text is deferred, not attempted, not dropped.
    await running.wait_for("member_waitlisted", emailed.referral_id)
    deferred = await eventually(lambda: _deferred(running, texted.referral_id))
    assert deferred["status"] == "pending"
    assert datetime.fromisoformat(deferred["due_at"]) == london(2, 8)
    assert [a["outcome"] for a in deferred["attempts"]] == ["deferred"]
    assert running.text_with_reference(deferred["id"]) is None

    running.clock.set(london(2, 8, 0) + timedelta(seconds=5))
    sent = await running.wait_for("member_waitlisted", texted.referral_id)
    assert sent["channel"] == "sms"
    assert "waiting list" in await running.delivered(sent)


async def _deferred(running: Running, subject: str) -> dict[str, Any] | None:
    found = await running.notifications(subject=subject, template="member_waitlisted")
    return next((n for n in found if n["attempts"]), None)


async def test_opt_outs_are_respected_per_category(running: Running) -> None:
    p, g = await _member(running)
    put = await running.client.put(
        f"/recipients/{p.person_id}/preferences",
        json={"channel": "email", "service": True, "reminders": False},
        headers=COORDINATOR,
    )
    assert put.status_code == 200, put.text

    # A reminder is due at once for a session in 3 hours: cancelled, as reminders are off.
    session = new_id()
    await running.publish(g.session_scheduled(session, timedelta(hours=3)))
    reminder = await running.wait_for("session_reminder", g.group_id, status="cancelled")
    assert reminder["last_error"] == "opted out of reminders"
    # Service messages still go, by the channel now preferred.
    await running.publish(g.session_cancelled(session, timedelta(hours=3)))
    told = await running.wait_for("session_cancelled", g.group_id)
    assert told["channel"] == "email"

    other = Person(running.pub)
    await running.publish(other.contact())
    await eventually(lambda: _known(running, other.person_id))
    off = {"channel": None, "service": False, "reminders": True}
    put = await running.client.put(
        f"/recipients/{other.person_id}/preferences", json=off, headers=OPS
    )
    assert put.status_code == 200, put.text
    await running.publish(other.waitlisted())
    cancelled = await running.wait_for("member_waitlisted", other.referral_id, status="cancelled")
    assert cancelled["last_error"] == "opted out of service"
    assert running.email_with_reference(cancelled["id"]) is None


async def _known(running: Running, recipient_id: str) -> bool:
    response = await running.client.get(f"/recipients/{recipient_id}/preferences", headers=OPS)
    return response.status_code == 200


async def test_a_reminder_is_stored_and_sent_a_day_before(running: Running) -> None:
    p, g = await _member(running, channel="email")
    starts = timedelta(days=3)
    await running.publish(g.session_scheduled(new_id(), starts))
    pending = await running.wait_for("session_reminder", g.group_id, status="pending")
    due = datetime.fromisoformat(pending["due_at"])
    assert (
        due == running.clock() + starts - timedelta(days=1)
        or abs((due - (running.clock() + starts - timedelta(days=1))).total_seconds()) < 60
    )
    await settle(0.5)  # an attempt that must not happen (not due yet): a short settle
    assert (await running.wait_for("session_reminder", g.group_id, status="pending"))[
        "attempts"
    ] == []

    running.clock.set(due + timedelta(seconds=1))
    sent = await running.wait_for("session_reminder", g.group_id)
    assert g.name in await running.delivered(sent)
    # The module's topic holds other tests' events too: wait for this one's, not for any.
    events = await read_until(
        running.container.settings.kafka_bootstrap,
        f"{running.prefix}notifications.events",
        done=lambda records: any(_about(r, sent["id"]) for r in records),
    )
    mine = [json.loads(r.value) for r in events if _about(r, sent["id"])]
    assert mine[0]["area"] == "leeds"
    assert mine[0]["cause_event_id"].startswith(f"reminder:{g.group_id}:")
    assert p.email.encode() not in b"".join(r.value for r in events)


def _about(record: Any, notification_id: str) -> bool:
    return bool(json.loads(record.value)["notification_id"] == notification_id)


async def test_leaving_the_group_cancels_its_reminders(running: Running) -> None:
    p, g = await _member(running)
    await running.publish(g.session_scheduled(new_id(), timedelta(days=4)))
    await running.wait_for("session_reminder", g.group_id, status="pending")
    await running.publish(p.left(g))
    cancelled = await running.wait_for("session_reminder", g.group_id, status="cancelled")
    assert cancelled["last_error"] == "member left the group"


async def test_erasure_cancels_pending_sends_and_forgets_the_person(running: Running) -> None:
    p, g = await _member(running)
    await running.publish(g.session_scheduled(new_id(), timedelta(days=4)))
    await running.wait_for("session_reminder", g.group_id, status="pending")

    await running.publish(p.erased())

    cancelled = await running.wait_for("session_reminder", g.group_id, status="cancelled")
    assert cancelled["last_error"] == "recipient erased"
    response = await running.client.get(f"/recipients/{p.person_id}/preferences", headers=OPS)
    assert response.status_code == 404


async def test_erasure_forgets_what_was_sent_and_what_was_still_to_go(running: Running) -> None:
    p = Person(running.pub, channel="sms")
    await running.publish(p.contact(), p.referrer_contact(), p.received())
    sent = await running.wait_for("referral_acknowledgement", p.referral_id)
    running.clock.set(london(1, 22, 30))
    await running.publish(p.waitlisted())
    deferred = await eventually(lambda: _deferred(running, p.referral_id))

    await running.publish(p.erased())

    await running.wait_for("member_waitlisted", p.referral_id, status="cancelled")
    running.clock.set(london(2, 8, 5))
    running.container.dispatcher.wake()
    await settle()  # a send that must not happen has nothing to wait for: a short settle
    assert running.text_with_reference(deferred["id"]) is None, "the scheduled text never goes"
    async with running.container.runtime.engine.connect() as conn:
        kept = (
            await conn.execute(
                sa.text("SELECT status, data FROM notifications WHERE recipient_id = :p"),
                {"p": p.person_id},
            )
        ).all()
        facts = await conn.scalar(
            sa.text("SELECT count(*) FROM referral_facts WHERE person_id = :p"), {"p": p.person_id}
        )
        errors = await conn.scalar(
            sa.text(
                "SELECT count(*) FROM notification_attempts a JOIN notifications n "
                "ON n.id = a.notification_id WHERE n.recipient_id = :p AND a.error IS NOT NULL"
            ),
            {"p": p.person_id},
        )
    assert sorted(status for status, _ in kept) == ["cancelled", "sent"]
    assert [data for _, data in kept] == [{}, {}], "what was sent is kept without its content"
    assert (facts, errors) == (0, 0)
    # What the provider knows it by stays, so a late delivery receipt still finds the row.
    shown = await running.notifications(subject=p.referral_id, template="referral_acknowledgement")
    assert [n["id"] for n in shown] == [sent["id"]]
    assert shown[0]["attempts"][0]["provider_message_id"] is not None


async def test_an_event_missing_what_its_message_needs_is_dead_lettered(running: Running) -> None:
    p, g = Person(running.pub), Group(running.pub)
    await running.publish(p.contact())
    # An online group with no joining link: the offer could not say where to go.
    await running.publish(p.offered(g, format="online", venue_name=None, joining_link=None))

    key = p.referral_id.encode()
    dead = await read_until(
        running.container.settings.kafka_bootstrap,
        f"{running.prefix}notifications.dlq",
        done=lambda records: any(r.key == key for r in records),
    )
    [record] = [r for r in dead if r.key == key]
    error = dict(record.headers)["t2t-error"].decode()
    assert "PlaceOffered" in error
    assert "joining_link" in error
    assert await running.notifications(subject=p.referral_id) == []


async def test_a_duplicated_event_sends_once(running: Running) -> None:
    p, g = await _member(running, channel="email")
    session = new_id()
    cancelled = g.session_cancelled(session, timedelta(days=2))
    await running.publish(g.session_scheduled(session, timedelta(days=2)), cancelled, cancelled)
    sent = await running.wait_for("session_cancelled", g.group_id)
    # And again, long after the first was handled; then a later event of the group (same key,
    # same partition): once its reminder is planned, the duplicate before it was handled too.
    await running.publish(cancelled, g.session_scheduled(new_id(), timedelta(days=3)))
    await running.wait_for("session_reminder", g.group_id, status="pending")
    assert len(await running.notifications(subject=g.group_id, template="session_cancelled")) == 1
    mails = [m for m in running.catcher.messages() if m["To"] == p.email]
    assert [m["X-T2T-Reference"] for m in mails if "cancelled" in m["Subject"]] == [sent["id"]]


async def test_events_without_a_rule_are_ignored_not_dead_lettered(running: Running) -> None:
    p, g = Person(running.pub), Group(running.pub)
    unknown = running.pub.record(
        "groups", "events", "AttendanceRecorded", p.referral_id,
        {"referral_id": p.referral_id, "area": "leeds", "person_id": p.person_id,
         "group_id": g.group_id, "session_id": new_id(), "session_starts_at": running.pub.at(),
         "attendance": "present", "first_attended": True, "regular_attender": False},
    )  # fmt: skip
    await running.publish(unknown, p.contact(), p.waitlisted())
    await running.wait_for("member_waitlisted", p.referral_id)  # handled after the unknown one
    # Handled, so dead-lettered by now if ever: what the DLQ holds now is the whole answer.
    dead = await read_to_end(
        running.container.settings.kafka_bootstrap, f"{running.prefix}notifications.dlq"
    )
    assert [r for r in dead if r.key == p.referral_id.encode()] == []

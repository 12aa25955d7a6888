"""Each rule over the real broker: events published as their publishers will, messages out.

One service for the module (a consumer group joins once). Each case publishes its events
in steps; after each step the messages it expects must have reached the mail catcher or
the SMS sink, with the words that matter in them.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest

from notifications.adapters.sms_sink import read_sms_sink
from tests.fixtures.services import Infra
from tests.fixtures.topics import read_until

from .records import Group, Person, Publisher, Record, Volunteer, new_id
from .running import Running, running_service, settle

pytestmark = pytest.mark.integration
DAY = timedelta(days=1)


@pytest.fixture(scope="module")
async def running(
    infra: Infra, smtp_catcher: Any, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Running]:
    sms = tmp_path_factory.mktemp("sms") / "sms.jsonl"
    async for service in running_service(infra, smtp_catcher, sms, sms_quiet_hours=""):
        yield service


@dataclass
class Expect:
    template: str
    subject: str
    words: tuple[str, ...] = ()
    kind: str = "person"
    channel: str | None = None


@dataclass
class Step:
    records: list[Record]
    expect: list[Expect] = field(default_factory=list)


Case = Callable[[Publisher], list[Step]]


def known(g: Group) -> Expect:
    """The coordinators' message shows GroupCreated was handled (its own partition)."""
    return Expect("group_created_coordinators", g.group_id, kind="coordinators")


def referral_received(pub: Publisher) -> list[Step]:
    p = Person(pub, channel="sms")
    ack = Expect("referral_acknowledgement", p.referral_id, (p.reference_code,), channel="sms")
    receipt = Expect("referral_receipt_referrer", p.referral_id, ("Hyde Park Surgery",), "referrer")
    # Both copies, as referrals publishes them during v1's window: one of each message.
    return [Step([p.contact(), p.referrer_contact(), p.received(), p.received_v1()],
                 [ack, receipt])]  # fmt: skip


def referral_accepted(pub: Publisher) -> list[Step]:
    p = Person(pub)
    return [
        Step([p.contact(), p.referrer_contact(), p.received()],
             [Expect("referral_acknowledgement", p.referral_id)]),
        Step([p.accepted()], [
            Expect("referral_accepted", p.referral_id, ("has been accepted", p.reference_code)),
            Expect("referral_outcome_referrer", p.referral_id, ("accepted", p.reference_code),
                   "referrer"),
        ]),
    ]  # fmt: skip


def referral_rejected(pub: Publisher) -> list[Step]:
    p = Person(pub)
    return [
        Step([p.contact(), p.referrer_contact(), p.received()],
             [Expect("referral_acknowledgement", p.referral_id)]),
        Step([p.rejected("out_of_area")], [
            Expect("referral_rejected", p.referral_id, ("outside the area",)),
            Expect("referral_outcome_referrer", p.referral_id, ("not accepted", "out of area"),
                   "referrer"),
        ]),
    ]  # fmt: skip


def contact_attempted(pub: Publisher) -> list[Step]:
    p = Person(pub, channel="sms")
    return [
        Step([p.contact(), p.contact_attempted("reached"), p.contact_attempted("left_message")],
             [Expect("contact_attempt_missed", p.referral_id, ("tried to reach you",))]),
    ]  # fmt: skip


def place_offered(pub: Publisher) -> list[Step]:
    p, g = Person(pub), Group(pub)
    return [
        Step([p.contact(), p.offered(g)], [
            Expect("place_offered", p.referral_id,
                   (g.name, "Headingley Community Centre", "Do you want this place?",
                    "127.0.0.1:8005/offer/")),
        ]),
    ]  # fmt: skip


def member_waitlisted(pub: Publisher) -> list[Step]:
    p = Person(pub, channel="sms")
    return [
        Step(
            [p.contact(), p.waitlisted()],
            [Expect("member_waitlisted", p.referral_id, ("waiting list", "number 2"))],
        )
    ]


def member_joined(pub: Publisher) -> list[Step]:
    p, g = Person(pub), Group(pub)
    return [
        Step([g.created()], [known(g)]),
        Step([p.contact(), p.joined(g, first_session_at=None)], []),
        # The welcome names the group and its place; the session comes from the read model.
        Step([], [Expect("member_joined", p.referral_id, (g.name, "Headingley Community Centre"))]),
    ]


def session_reminder(pub: Publisher) -> list[Step]:
    p, g, session = Person(pub, channel="sms"), Group(pub), new_id()
    return [
        Step([g.created(), p.contact()], [known(g)]),
        Step([p.joined(g)], [Expect("member_joined", p.referral_id)]),
        # Starts in 3 hours: its reminder (a day before) is due at once.
        Step([g.session_scheduled(session, timedelta(hours=3))],
             [Expect("session_reminder", g.group_id, ("Reminder", g.name))]),
    ]  # fmt: skip


def session_cancelled(pub: Publisher) -> list[Step]:
    p, g, session = Person(pub), Group(pub), new_id()
    return [
        Step([g.created(), p.contact()], [known(g)]),
        Step([p.joined(g)], [Expect("member_joined", p.referral_id)]),
        Step([g.session_scheduled(session, 5 * DAY), g.session_cancelled(session, 5 * DAY)],
             [Expect("session_cancelled", g.group_id, ("has been cancelled", g.name))]),
    ]  # fmt: skip


def session_rescheduled(pub: Publisher) -> list[Step]:
    p, g, session = Person(pub), Group(pub), new_id()
    return [
        Step([g.created(), p.contact()], [known(g)]),
        Step([p.joined(g)], [Expect("member_joined", p.referral_id)]),
        Step([g.session_scheduled(session, 5 * DAY),
              g.session_rescheduled(session, 5 * DAY, 6 * DAY)],
             [Expect("session_rescheduled", g.group_id, ("has moved to", g.name))]),
    ]  # fmt: skip


def group_created(pub: Publisher) -> list[Step]:
    g, v = Group(pub), Volunteer(pub)
    return [
        Step([v.contact(), g.created(facilitators=(v,))], [
            Expect("group_created_coordinators", g.group_id, (g.name, "Places: 12"),
                   "coordinators"),
            Expect("group_created_facilitator", g.group_id, (g.name, "Jo"), "volunteer"),
        ]),
    ]  # fmt: skip


def facilitator_assigned(pub: Publisher) -> list[Step]:
    g, v = Group(pub), Volunteer(pub)
    return [
        Step(
            [v.contact(), g.assigned(v)],
            [Expect("facilitator_assigned", g.group_id, (g.name, "LS6"), "volunteer")],
        )
    ]


def _volunteer(event: str, template: str, *words: str) -> Case:
    def case(pub: Publisher) -> list[Step]:
        v = Volunteer(pub, channel="sms" if template == "screening_started" else "email")
        record = getattr(v, event)()
        return [Step([v.contact(), record], [Expect(template, v.volunteer_id, words, "volunteer")])]

    return case


CASES: dict[str, Case] = {
    "ReferralReceived": referral_received,
    "ReferralAccepted": referral_accepted,
    "ReferralRejected": referral_rejected,
    "ContactAttempted": contact_attempted,
    "PlaceOffered": place_offered,
    "MemberWaitlisted": member_waitlisted,
    "MemberJoined": member_joined,
    "SessionScheduled (reminder)": session_reminder,
    "SessionCancelled": session_cancelled,
    "SessionRescheduled": session_rescheduled,
    "GroupCreated": group_created,
    "FacilitatorAssigned": facilitator_assigned,
    "VolunteerApplied": _volunteer("applied", "volunteer_applied", "Thank you for applying"),
    "ScreeningStarted": _volunteer("screening_started", "screening_started", "DBS"),
    "VolunteerScreened": _volunteer("screened", "volunteer_screened", "checks are complete"),
    "TrainingStarted": _volunteer("training_started", "training_started", "core facilitator"),
    "FacilitatorTrained": _volunteer(
        "trained", "facilitator_trained", "Dr Priya Shah", "Leeds Teaching Hospitals"
    ),
    "RenewalDue": _volunteer("renewal_due", "renewal_due", "DBS check", "30 days"),
}


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
async def test_rule_sends_its_messages(running: Running, case: Case) -> None:
    for step in case(running.pub):
        await running.publish(*step.records)
        for expect in step.expect:
            sent = await running.wait_for(expect.template, expect.subject)
            assert sent["recipient_kind"] == expect.kind
            if expect.channel:
                assert sent["channel"] == expect.channel
            body = await running.delivered(sent)
            for word in expect.words:
                assert word in body, (expect.template, word)
            assert "{{" not in body


# --- the referral path in detail (events, duplicates, waiting, consent) --------------


async def test_ready_only_once_its_consumers_are_reading(running: Running) -> None:
    response = await running.client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": True, "broker": True, "consumers": True}


async def test_sent_events_name_the_message_never_the_address(running: Running) -> None:
    p = Person(running.pub)
    await running.publish(p.contact(), p.referrer_contact(), p.received())
    ack = await running.wait_for("referral_acknowledgement", p.referral_id)
    receipt = await running.wait_for("referral_receipt_referrer", p.referral_id)
    assert "Hyde Park Surgery" not in await running.delivered(ack)
    assert "Alex" not in await running.delivered(receipt)

    def about(record: Any) -> bool:
        return bool(json.loads(record.value)["subject_id"] == p.referral_id)

    # The module's topic holds other tests' events too: wait for this referral's two.
    records = await read_until(
        running.container.settings.kafka_bootstrap,
        f"{running.prefix}notifications.events",
        done=lambda records: sum(map(about, records)) >= 2,
    )
    mine = [r for r in records if about(r)]
    assert {json.loads(r.value)["template"] for r in mine} == {
        "referral_acknowledgement",
        "referral_receipt_referrer",
    }
    assert {dict(r.headers)["ce_type"] for r in mine} == {b"t2t.notifications.NotificationSent.v1"}
    assert all(r.key == json.loads(r.value)["notification_id"].encode() for r in mine)
    assert p.email.encode() not in b"".join(r.value for r in records)


async def test_a_redelivered_event_sends_nothing_twice(running: Running) -> None:
    p = Person(running.pub, channel="sms")
    duplicate = p.received()
    await running.publish(p.contact(), p.referrer_contact(), duplicate, duplicate)
    ack = await running.wait_for("referral_acknowledgement", p.referral_id)
    await running.wait_for("referral_receipt_referrer", p.referral_id)
    await running.publish(duplicate)  # again, after the first was handled (a restart)
    await settle()  # a second send must not happen, so nothing to wait for: a short settle
    assert len(await running.notifications(subject=p.referral_id)) == 2
    texts = [t for t in read_sms_sink(running.sms_path) if p.reference_code in t["body"]]
    assert [t["reference"] for t in texts] == [ack["id"]]


async def test_an_event_before_its_contact_records_waits_for_them(running: Running) -> None:
    p = Person(running.pub, channel="sms")
    await running.publish(p.received())
    await settle(0.5)  # nothing may be planned yet, so nothing to wait for: a short settle
    assert await running.notifications(subject=p.referral_id) == []
    await running.publish(p.contact(), p.referrer_contact())
    await running.wait_for("referral_acknowledgement", p.referral_id)


async def test_without_consent_the_person_gets_nothing(running: Running) -> None:
    p = Person(running.pub, channel="sms")
    await running.publish(p.contact(consent=False), p.referrer_contact(), p.received())
    await running.wait_for("referral_receipt_referrer", p.referral_id)
    cancelled = await running.wait_for(
        "referral_acknowledgement", p.referral_id, status="cancelled"
    )
    assert cancelled["last_error"] == "no consent to contact"
    assert running.text_with_reference(cancelled["id"]) is None

"""The rules alone: which messages an event calls for, to whom, when. No I/O."""

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from notifications import consumed_events as ev
from notifications.domain import reminders
from notifications.domain.facts import GroupFacts, ReferralFacts, SessionFacts
from notifications.domain.model import Category
from notifications.domain.plans import MissingData, coordinators_id
from notifications.service_layer.rules import groups, members, volunteers
from notifications.service_layer.rules import referral_outcomes as outcomes
from notifications.service_layer.rules.referral_received import referral_received
from tests.fixtures.contract_payloads import consumed_example

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
PERSON, REFERRER, GROUP = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
FACTS = ReferralFacts(uuid.uuid4(), PERSON, "T2T-ABC123", REFERRER, "B82005")
G = GroupFacts(GROUP, "leeds", "Headingley group", "in_person", "Monthly", "Community Centre")
LINK = "https://portal.example/offer/token"


def received(consent: bool = True, referrer: uuid.UUID | None = REFERRER) -> ev.ReferralReceived:
    return consumed_example(
        ev.ReferralReceived,
        "t2t.referrals.ReferralReceived.v1",
        referral_id=uuid.uuid4(),
        person_id=PERSON,
        reference_code="T2T-ABC123",
        source="gp",
        area="leeds",
        referrer_id=referrer,
        ods_code="B82005",
        consent_to_contact=consent,
        received_at=NOW,
    )


def test_received_acknowledges_with_consent_and_always_gives_a_receipt() -> None:
    assert [p.template for p in referral_received(received(), 2, "T2T-ABC123")] == [
        "referral_acknowledgement",
        "referral_receipt_referrer",
    ]
    assert [p.template for p in referral_received(received(consent=False), 2, "T2T-ABC123")] == [
        "referral_receipt_referrer"
    ]
    assert [p.template for p in referral_received(received(referrer=None), 2, "T2T-ABC123")] == [
        "referral_acknowledgement"
    ]


def rejected(reason: str) -> ev.ReferralRejected:
    return consumed_example(
        ev.ReferralRejected,
        "t2t.referrals.ReferralRejected.v1",
        referral_id=FACTS.referral_id,
        person_id=PERSON,
        area="leeds",
        reason=reason,
        rejected_at=NOW,
    )


@pytest.mark.parametrize(
    ("reason", "templates"),
    [
        ("out_of_area", ["referral_rejected", "referral_outcome_referrer"]),
        ("declined_by_person", ["referral_outcome_referrer"]),
        ("duplicate", ["referral_outcome_referrer"]),
    ],
)
def test_rejection_tells_the_person_only_what_they_do_not_know(
    reason: str, templates: list[str]
) -> None:
    assert [p.template for p in outcomes.referral_rejected(rejected(reason), FACTS)] == templates


def test_outcome_without_the_received_event_still_tells_the_person() -> None:
    accepted = consumed_example(
        ev.ReferralAccepted,
        "t2t.referrals.ReferralAccepted.v1",
        referral_id=uuid.uuid4(),
        person_id=PERSON,
        area="leeds",
        accepted_at=NOW,
    )
    [only] = outcomes.referral_accepted(accepted, None)
    assert (only.template, only.data["reference_code"]) == ("referral_accepted", "")


@pytest.mark.parametrize(
    ("outcome", "by", "sent"),
    [
        ("no_answer", "coordinator", True),
        ("left_message", "coordinator", True),
        ("reached", "coordinator", False),
        ("wrong_number", "coordinator", False),
        ("no_answer", "notification_failure", False),
    ],
)
def test_we_tried_to_reach_you_only_after_a_coordinators_missed_call(
    outcome: str, by: str, sent: bool
) -> None:
    attempt = consumed_example(
        ev.ContactAttempted,
        "t2t.referrals.ContactAttempted.v1",
        referral_id=uuid.uuid4(),
        person_id=PERSON,
        area="leeds",
        channel="phone",
        outcome=outcome,
        recorded_by=by,
        attempted_at=NOW,
    )
    assert bool(outcomes.contact_attempted(attempt, FACTS)) is sent


def offer(**kw: object) -> ev.PlaceOffered:
    values: dict[str, object] = {
        "referral_id": uuid.uuid4(),
        "person_id": PERSON,
        "group_id": GROUP,
        "area": "leeds",
        "group_name": "Headingley group",
        "format": "in_person",
        "venue_name": "Community Centre",
        "joining_link": None,
        "offer_expires_at": NOW + timedelta(days=5),
    }
    return consumed_example(ev.PlaceOffered, "t2t.groups.PlaceOffered.v1", **(values | kw))


def test_an_offer_must_say_where() -> None:
    assert members.place_offered(offer(), "T2T-1", LINK)[0].data["venue_name"] == "Community Centre"
    with pytest.raises(MissingData, match="venue_name"):
        members.place_offered(offer(venue_name=None), "", LINK)
    with pytest.raises(MissingData, match="joining_link"):
        members.place_offered(offer(format="online", venue_name=None), "", LINK)
    online = offer(format="online", venue_name=None, joining_link="https://meet.example/x")
    assert (
        members.place_offered(online, "", LINK)[0].data["joining_link"] == "https://meet.example/x"
    )


def session(starts: datetime, cancelled: bool = False) -> SessionFacts:
    return SessionFacts(
        uuid.uuid4(), GROUP, starts, starts + timedelta(minutes=90), cancelled=cancelled
    )


def test_reminders_are_due_a_day_before_for_each_member() -> None:
    members = [uuid.uuid4(), uuid.uuid4()]
    s = session(NOW + timedelta(days=3))
    plans = reminders.session_reminders(s, G, members, NOW)
    assert [p.recipient_id for p in plans] == members
    assert {p.due_at for p in plans} == {NOW + timedelta(days=2)}
    assert {p.category for p in plans} == {Category.REMINDERS}
    assert {p.subject_id for p in plans} == {str(GROUP)}
    assert not any(p.needs_contact for p in plans)


def test_a_session_within_a_day_is_reminded_now_and_a_past_one_never() -> None:
    [soon] = reminders.session_reminders(session(NOW + timedelta(hours=3)), G, [PERSON], NOW)
    assert soon.due_at == NOW
    assert reminders.session_reminders(session(NOW - timedelta(minutes=1)), G, [PERSON], NOW) == []
    cancelled = session(NOW + timedelta(days=3), cancelled=True)
    assert reminders.session_reminders(cancelled, G, [PERSON], NOW) == []


def test_one_reminder_key_per_session_time() -> None:
    s = session(NOW + timedelta(days=3))
    [a] = reminders.session_reminders(s, G, [PERSON], NOW)
    [b] = reminders.session_reminders(s, G, [PERSON], NOW + timedelta(hours=1))
    moved = SessionFacts(s.session_id, GROUP, s.starts_at + timedelta(days=1), s.ends_at)
    [c] = reminders.session_reminders(moved, G, [PERSON], NOW)
    assert a.key == b.key
    assert a.key != c.key
    assert a.key is not None
    assert a.key.startswith(reminders.reminder_key(GROUP, s.session_id))


def created(facilitators: list[uuid.UUID]) -> ev.GroupCreated:
    return consumed_example(
        ev.GroupCreated,
        "t2t.groups.GroupCreated.v1",
        group_id=GROUP,
        area="leeds",
        name="Headingley group",
        format="in_person",
        venue_name="Community Centre",
        schedule_text="Monthly",
        capacity=12,
        facilitator_ids=facilitators,
    )


def test_a_new_group_tells_its_facilitators_and_the_areas_coordinators() -> None:
    v = uuid.uuid4()
    plans = groups.group_created(created([v]), has_mailbox=True)
    assert {(p.recipient_id, p.template) for p in plans} == {
        (v, "group_created_facilitator"),
        (coordinators_id("leeds"), "group_created_coordinators"),
    }
    assert [p.template for p in groups.group_created(created([]), has_mailbox=False)] == []
    assert coordinators_id("leeds") != coordinators_id("york")


def test_renewal_reminders_are_reminders_and_milestones_are_service() -> None:
    v = uuid.uuid4()
    due = consumed_example(
        ev.RenewalDue,
        "t2t.volunteers.RenewalDue.v1",
        volunteer_id=v,
        area="leeds",
        check="dbs",
        expires_on=date(2026, 12, 26),
        days_left=30,
    )
    [renewal] = volunteers.renewal_due(due)
    assert (renewal.category, renewal.data["check_name"]) == (Category.REMINDERS, "DBS check")
    trained = consumed_example(
        ev.FacilitatorTrained,
        "t2t.volunteers.FacilitatorTrained.v1",
        volunteer_id=v,
        area="leeds",
        course="refresher",
        valid_until=date(2027, 11, 26),
    )
    [done] = volunteers.facilitator_trained(trained)
    assert (done.category, done.data["course_name"]) == (Category.SERVICE, "refresher training")
    assert done.data["valid_until"] == "2027-11-26"


def test_an_offer_carries_the_link_where_the_person_answers_it() -> None:
    [planned] = members.place_offered(offer(), "T2T-1", LINK)
    assert planned.data["offer_link"] == LINK


@pytest.mark.parametrize(
    ("code", "term"),
    [
        ("871711000000103", "Social prescribing declined"),
        (None, ""),  # an outcome with no verified concept: no code in the message
        ("999999999", ""),  # a code we hold no term for is not passed on half-described
    ],
)
def test_the_practice_outcome_carries_the_events_snomed_code(code: str | None, term: str) -> None:
    event = rejected("declined_by_person").model_copy(update={"outcome_snomed_code": code})
    [practice] = outcomes.referral_rejected(event, FACTS)
    assert practice.template == "referral_outcome_referrer"
    assert practice.data["snomed_term"] == term
    assert practice.data["snomed_code"] == (code if term else "")


def test_the_practice_receipt_carries_the_referral_code() -> None:
    event = received().model_copy(update={"snomed_code": "871731000000106"})
    [_, receipt] = referral_received(event, 2, "T2T-ABC123")
    assert (receipt.data["snomed_code"], receipt.data["snomed_term"]) == (
        "871731000000106",
        "Referral to social prescribing service",
    )

"""The routes' batch handler: a consumer batch in one unit of work, all or nothing."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from notifications.entrypoints.consumers import build_routes
from notifications.service_layer.planning import Planning
from t2t_shared.messaging.failures import PermanentHandlerError
from t2t_shared.messaging.routes import BatchHandler, ReceivedEvent
from tests.fixtures.contract_records import contract_record

from .fakes import Store, notes
from .test_notifications_consumers import TOPICS, Wiring

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@pytest.fixture
def wiring() -> Wiring:
    return Wiring(planning=Planning(clock=lambda: NOW))


@pytest.fixture
def batch(wiring: Wiring) -> BatchHandler:
    handler = build_routes(wiring).batch_handler
    assert handler is not None
    return handler


def referral(person: uuid.UUID, referrer: uuid.UUID) -> dict[str, ReceivedEvent]:
    """A referral's records: the person's and referrer's contacts, v2 and its v1 copy."""
    ids = {"person_id": str(person), "referrer_id": str(referrer), "consent_to_contact": True}
    referral_id = {"referral_id": str(uuid.uuid4())}
    contact = {"person_id": str(person), "consent_to_contact": True, "reference_code": "T2T-AB"}
    return {
        "contact": contract_record(
            "t2t.referrals.PersonContact.v1", TOPICS, contact, subject=str(person)
        ),
        "referrer": contract_record(
            "t2t.referrals.ReferrerContact.v1", TOPICS, {"referrer_id": str(referrer)}
        ),
        "v2": contract_record("t2t.referrals.ReferralReceived.v2", TOPICS, {**ids, **referral_id}),
        "v1": contract_record(
            "t2t.referrals.ReferralReceived.v1",
            TOPICS,
            {**ids, **referral_id, "reference_code": "T2T-AB"},
        ),
    }


def claimed(store: Store, event: ReceivedEvent) -> bool:
    assert event.ce is not None
    return (event.ce.source, event.ce.id) in store.inbox


async def test_contacts_then_both_copies_plan_each_message_once_in_one_commit(
    batch: BatchHandler, wiring: Wiring
) -> None:
    person, referrer = uuid.uuid4(), uuid.uuid4()
    r = referral(person, referrer)

    await batch([r["referrer"], r["contact"], r["v2"], r["v1"]])

    store = wiring.store
    [ack] = notes(store, template="referral_acknowledgement")
    [receipt] = notes(store, template="referral_receipt_referrer")
    assert (ack.recipient_id, receipt.recipient_id) == (person, referrer)
    assert ack.data["reference_code"] == receipt.data["reference_code"] == "T2T-AB"
    assert store.waiting == {}
    assert claimed(store, r["v2"])
    assert claimed(store, r["v1"])
    assert store.commits == 1
    assert wiring.dispatcher.woken == 1


async def test_events_already_claimed_are_skipped_and_the_rest_handled(
    batch: BatchHandler, wiring: Wiring
) -> None:
    handled = referral(uuid.uuid4(), uuid.uuid4())
    fresh = referral(uuid.uuid4(), uuid.uuid4())
    for event in (handled["v2"], handled["v1"]):
        assert event.ce is not None
        wiring.store.inbox.add((event.ce.source, event.ce.id))

    await batch([handled["contact"], fresh["contact"], *handled.values(), *fresh.values()])

    acks = notes(wiring.store, template="referral_acknowledgement")
    assert [n.recipient_id for n in acks] == [uuid.UUID(fresh["contact"].data()["person_id"])]


async def test_a_batch_that_fails_anywhere_changes_nothing(
    batch: BatchHandler, wiring: Wiring
) -> None:
    good = referral(uuid.uuid4(), uuid.uuid4())
    person = good["contact"].data()["person_id"]
    # An online group's offer without its joining link cannot be written: dead-lettered whole.
    offer = {"person_id": person, "format": "online", "joining_link": None}
    unsendable = contract_record("t2t.groups.PlaceOffered.v1", TOPICS, offer)

    with pytest.raises(PermanentHandlerError, match="joining_link"):
        await batch([good["contact"], good["v2"], unsendable])

    assert wiring.store.commits == 0
    assert wiring.store.inbox == set()
    assert notes(wiring.store) == []
    assert wiring.dispatcher.woken == 0

"""The notifications routes, driven with contract records through `Routes.deliver`."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from notifications.domain.model import Status
from notifications.entrypoints.consumers import build_routes
from notifications.service_layer.planning import Planning
from t2t_shared.messaging.routes import ReceivedEvent, Routes
from t2t_shared.topics import Topics
from tests.fixtures.contract_records import contract_record

from .fakes import FakeUnitOfWork, Store, notes

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
TOPICS = Topics("t2t.")


@dataclass
class Dispatcher:
    woken: int = 0

    def wake(self) -> None:
        self.woken += 1


@dataclass
class Wiring:
    store: Store = field(default_factory=Store)
    topics: Topics = TOPICS
    planning: Planning = field(default_factory=lambda: Planning(clock=lambda: NOW))
    dispatcher: Dispatcher = field(default_factory=Dispatcher)

    def uow(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self.store)


@pytest.fixture
def wiring() -> Wiring:
    return Wiring()


@pytest.fixture
def routes(wiring: Wiring) -> Routes:
    return build_routes(wiring)


def contact_of(person: uuid.UUID) -> ReceivedEvent:
    # No reference code: the fake read model does not keep one.
    changes = {"person_id": str(person), "consent_to_contact": True, "reference_code": None}
    return contract_record("t2t.referrals.PersonContact.v1", TOPICS, changes, subject=str(person))


async def test_a_rules_event_after_the_persons_contact_plans_a_message(
    routes: Routes, wiring: Wiring
) -> None:
    person = uuid.uuid4()
    assert await routes.deliver(contact_of(person)) is True
    waitlisted = contract_record(
        "t2t.groups.MemberWaitlisted.v1", TOPICS, {"person_id": str(person), "area": "leeds"}
    )
    assert await routes.deliver(waitlisted) is True

    [note] = notes(wiring.store, template="member_waitlisted")
    assert (note.recipient_id, note.status, note.area) == (person, Status.PENDING, "leeds")
    assert note.cause_type == "t2t.groups.MemberWaitlisted.v1"
    assert wiring.dispatcher.woken == 1


async def test_a_contacts_tombstone_erases_the_recipient(routes: Routes, wiring: Wiring) -> None:
    person = uuid.uuid4()
    await routes.deliver(contact_of(person))
    await routes.deliver(
        contract_record(
            "t2t.groups.MemberWaitlisted.v1", TOPICS, {"person_id": str(person), "area": "leeds"}
        )
    )
    tombstone = ReceivedEvent(
        ce=None, topic=TOPICS.contacts("referrals"), key=str(person), value=None
    )

    assert await routes.deliver(tombstone) is True

    assert {n.status for n in notes(wiring.store)} == {Status.CANCELLED}
    assert person not in wiring.store.recipients


def test_every_rule_is_routed_by_the_type_it_names(routes: Routes) -> None:
    referrals = routes.by_topic[TOPICS.events("referrals")]
    assert {"t2t.referrals.ReferralReceived.v1", "t2t.referrals.ReferralReceived.v2"} <= set(
        referrals
    )
    assert set(routes.by_topic[TOPICS.contacts("volunteers")]) == {"*"}

"""ReferralReceived.v2 leaves the reference code (quoted to the person, printed on the
practice's receipt) off the public topic; v1 goes out beside it only while the deprecation
window is open, and the code reaches notifications on the restricted contacts topic."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from referrals.domain.commands import ReceiveReferral
from referrals.events import PUBLISHED, PersonContact, ReferralReceived, ReferralReceivedV2
from referrals.service_layer import handlers
from t2t_shared.topics import Topics

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
CONTACTS, EVENTS = "t2t.referrals.contacts", "t2t.referrals.events"
MakeCommand = Callable[..., ReceiveReferral]


async def receive(
    cmd: ReceiveReferral, uow: Any, topics: Topics, **options: bool
) -> handlers.Received:
    return await handlers.receive_referral(cmd, uow, topics, clock=lambda: NOW, **options)


def on_events_topic(uow: Any) -> list[Any]:
    return [e for topic, e in uow.outbox.events if topic == EVENTS]


def test_v2_is_a_new_major_version_of_the_same_event() -> None:
    assert ReferralReceivedV2.ce_type() == "t2t.referrals.ReferralReceived.v2"
    assert ReferralReceived.ce_type() == "t2t.referrals.ReferralReceived.v1"
    assert "reference_code" not in ReferralReceivedV2.model_fields
    assert {ReferralReceived, ReferralReceivedV2} <= set(PUBLISHED)


async def test_by_default_both_versions_go_out_as_one_occurrence(
    uow: Any, topics: Topics, make_command: MakeCommand
) -> None:
    result = await receive(make_command(), uow, topics)

    v2, v1 = on_events_topic(uow)
    assert (type(v2), type(v1)) == (ReferralReceivedV2, ReferralReceived)
    assert v1.reference_code == result.referral.reference_code
    assert v1.model_dump(exclude={"reference_code"}) == v2.model_dump()
    assert v1.subject() == v2.subject() == str(result.referral.id), "same key, same order"


async def test_v2_carries_no_reference_code(
    uow: Any, topics: Topics, make_command: MakeCommand
) -> None:
    result = await receive(make_command(), uow, topics, publish_v1=False)

    (v2,) = on_events_topic(uow)
    assert isinstance(v2, ReferralReceivedV2)
    assert result.referral.reference_code not in v2.model_dump_json()


async def test_the_reference_code_travels_on_the_restricted_contacts_topic(
    uow: Any, topics: Topics, make_command: MakeCommand
) -> None:
    result = await receive(make_command(), uow, topics, publish_v1=False)

    (person,) = [e for topic, e in uow.outbox.events if isinstance(e, PersonContact)]
    assert person.reference_code == result.referral.reference_code
    assert (CONTACTS, person) in uow.outbox.events

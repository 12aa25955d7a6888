"""Typed subscriptions: a handler gets the parsed model and the envelope's `EventMeta`.

Driven through `Routes.deliver`, which runs a record through the wiring as the consumer does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, ClassVar
from uuid import UUID, uuid4

import pytest
from pydantic import ValidationError

from t2t_shared.envelope import CloudEvent, MalformedEnvelope
from t2t_shared.events import ConsumedEvent
from t2t_shared.kernel.event_meta import EventMeta
from t2t_shared.messaging.failures import PermanentHandlerError
from t2t_shared.messaging.provenance import UntrustedRecord
from t2t_shared.messaging.routes import ReceivedEvent, Routes, UnknownEventVersion
from t2t_shared.topics import Topics

TOPICS = Topics("test.")
SENT_AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


class PlaceOffered(ConsumedEvent):
    CE_TYPE: ClassVar[str] = "t2t.groups.PlaceOffered.v1"
    referral_id: UUID


class MemberJoined(ConsumedEvent):
    CE_TYPE: ClassVar[str] = "t2t.groups.MemberJoined.v1"
    referral_id: UUID
    group_id: UUID


class VolunteerEvent(ConsumedEvent):
    volunteer_id: UUID


class VolunteerPaused(VolunteerEvent):
    CE_TYPE: ClassVar[str] = "t2t.volunteers.VolunteerPaused.v1"


class VolunteerLeft(VolunteerEvent):
    CE_TYPE: ClassVar[str] = "t2t.volunteers.VolunteerLeft.v1"
    reason: str


def enveloped(ce_type: str, data: dict[str, Any], *, subject: str = "s-1") -> ReceivedEvent:
    service = ce_type.split(".")[1]
    ce = CloudEvent(
        id=str(uuid4()), source=f"/t2t/test/{service}", type=ce_type, subject=subject, time=SENT_AT
    )
    return ReceivedEvent(
        ce=ce,
        topic=TOPICS.events(service),
        key=subject,
        value=json.dumps(data).encode(),
        headers=list(ce.to_headers()),
    )


@dataclass
class KafkaLike:
    """What aiokafka hands the consumer: bytes key, headers as a tuple."""

    topic: str
    key: bytes | None
    value: bytes | None
    headers: tuple[tuple[str, bytes], ...]
    partition: int = 0
    offset: int = 0


async def test_each_type_reaches_its_own_handler_parsed_with_its_meta() -> None:
    routes, seen = Routes(TOPICS), list[tuple[str, Any, EventMeta]]()

    @routes.on(PlaceOffered)
    async def offered(event: PlaceOffered, meta: EventMeta) -> None:
        seen.append(("offered", event, meta))

    @routes.on(MemberJoined)
    async def joined(event: MemberJoined, meta: EventMeta) -> None:
        seen.append(("joined", event, meta))

    referral, group = uuid4(), uuid4()
    record = enveloped(MemberJoined.CE_TYPE, {"referral_id": str(referral), "group_id": str(group)})
    assert await routes.deliver(record) is True

    [(which, event, meta)] = seen
    assert which == "joined"
    assert event == MemberJoined(referral_id=referral, group_id=group)
    assert record.ce is not None
    assert meta == EventMeta(
        id=record.ce.id,
        source="/t2t/test/groups",
        type="t2t.groups.MemberJoined.v1",
        time=SENT_AT,
        subject="s-1",
    )


async def test_the_topic_is_the_producing_services_events_topic() -> None:
    routes = Routes(Topics("eu."))

    @routes.on(PlaceOffered, VolunteerPaused)
    async def handler(event: PlaceOffered | VolunteerPaused, meta: EventMeta) -> None: ...

    assert set(routes.by_topic) == {"eu.groups.events", "eu.volunteers.events"}
    assert set(routes.by_topic["eu.groups.events"]) == {"t2t.groups.PlaceOffered.v1"}


async def test_one_handler_takes_several_models_each_parsed_as_its_own() -> None:
    routes, seen = Routes(TOPICS), list[VolunteerEvent]()

    @routes.on(VolunteerPaused, VolunteerLeft)
    async def news(event: VolunteerPaused | VolunteerLeft, meta: EventMeta) -> None:
        seen.append(event)

    who = uuid4()
    await routes.deliver(enveloped(VolunteerPaused.CE_TYPE, {"volunteer_id": str(who)}))
    left = {"volunteer_id": str(who), "reason": "moved away"}
    await routes.deliver(enveloped(VolunteerLeft.CE_TYPE, left))

    assert seen == [
        VolunteerPaused(volunteer_id=who),
        VolunteerLeft(volunteer_id=who, reason="moved away"),
    ]
    assert [type(e) for e in seen] == [VolunteerPaused, VolunteerLeft]


async def test_a_known_type_in_an_unknown_major_version_is_refused() -> None:
    routes, seen = Routes(TOPICS), list[PlaceOffered]()

    @routes.on(PlaceOffered)
    async def offered(event: PlaceOffered, meta: EventMeta) -> None:
        seen.append(event)

    with pytest.raises(UnknownEventVersion, match=r"PlaceOffered\.v2"):
        await routes.deliver(enveloped("t2t.groups.PlaceOffered.v2", {"referral_id": str(uuid4())}))
    assert seen == []


async def test_a_type_nobody_handles_is_ignored() -> None:
    routes, seen = Routes(TOPICS), list[PlaceOffered]()

    @routes.on(PlaceOffered)
    async def offered(event: PlaceOffered, meta: EventMeta) -> None:
        seen.append(event)

    assert await routes.deliver(enveloped("t2t.groups.GroupCreated.v1", {"x": 1})) is False
    assert seen == []


async def test_a_record_without_an_envelope_on_an_events_topic_is_refused_for_good() -> None:
    routes, seen = Routes(TOPICS), list[PlaceOffered]()

    @routes.on(PlaceOffered)
    async def offered(event: PlaceOffered, meta: EventMeta) -> None:
        seen.append(event)

    events = TOPICS.events("groups")
    with pytest.raises(UntrustedRecord, match="without CloudEvents headers") as refused:
        await routes.deliver(KafkaLike(events, b"s-1", None, ()))
    assert isinstance(refused.value, PermanentHandlerError)
    # A value with no headers is no CloudEvent at all: dead-lettered as malformed.
    with pytest.raises(MalformedEnvelope):
        await routes.deliver(KafkaLike(events, b"s-1", b'{"referral_id": "x"}', ()))
    assert seen == []


async def test_an_event_from_a_service_that_does_not_own_the_topic_is_refused() -> None:
    routes = Routes(TOPICS)

    @routes.on(PlaceOffered)
    async def offered(event: PlaceOffered, meta: EventMeta) -> None: ...

    forged = enveloped(PlaceOffered.CE_TYPE, {"referral_id": str(uuid4())})
    assert forged.ce is not None
    forged = replace(forged, ce=replace(forged.ce, source="/t2t/test/referrals"))
    with pytest.raises(UntrustedRecord, match="not the owner"):
        await routes.deliver(forged)


async def test_a_typed_handler_refuses_an_event_without_an_envelope() -> None:
    """Only a catch-all reaches a handler with no envelope; one typed anyway refuses it."""
    routes, seen = Routes(TOPICS), list[PlaceOffered]()

    @routes.on_type("t2t.elsewhere.PlaceOffered.v1", PlaceOffered)
    async def offered(event: PlaceOffered, meta: EventMeta) -> None:
        seen.append(event)

    typed = routes.by_topic[TOPICS.events("elsewhere")]["t2t.elsewhere.PlaceOffered.v1"]
    bare = ReceivedEvent(ce=None, topic="outside", key="s-1", value=b'{"referral_id": "x"}')
    with pytest.raises(PermanentHandlerError, match="no CloudEvents envelope"):
        await typed(bare)
    assert seen == []


async def test_data_the_model_refuses_is_a_validation_error() -> None:
    routes = Routes(TOPICS)

    @routes.on(PlaceOffered)
    async def offered(event: PlaceOffered, meta: EventMeta) -> None: ...

    with pytest.raises(ValidationError):
        await routes.deliver(enveloped(PlaceOffered.CE_TYPE, {"referral_id": "not-a-uuid"}))


async def test_raw_records_of_a_topic_arrive_as_received_tombstones_included() -> None:
    routes, seen = Routes(TOPICS), list[ReceivedEvent]()
    contacts = TOPICS.contacts("referrals")

    @routes.on_record(contacts)
    async def contact(event: ReceivedEvent) -> None:
        seen.append(event)

    ce = CloudEvent(
        id="c-1", source="/t2t/test/referrals", type="t2t.referrals.PersonContact.v1",
        subject="p-1", time=SENT_AT,
    )  # fmt: skip
    record = KafkaLike(contacts, b"p-1", b'{"person_id": "p-1"}', tuple(ce.to_headers()), 2, 41)
    assert await routes.deliver(record) is True
    assert await routes.deliver(KafkaLike(contacts, b"p-1", None, ())) is True

    first, tombstone = seen
    assert (first.key, first.partition, first.offset, first.data()) == (
        "p-1", 2, 41, {"person_id": "p-1"},
    )  # fmt: skip
    assert first.meta().type == "t2t.referrals.PersonContact.v1"
    assert tombstone.is_tombstone
    assert (tombstone.ce, tombstone.key) == (None, "p-1")


async def test_a_typed_handler_can_name_its_type_apart_from_the_model() -> None:
    routes, seen = Routes(TOPICS), list[tuple[PlaceOffered, str]]()

    for major in (1, 2):

        @routes.on_type(f"t2t.groups.Offered.v{major}", PlaceOffered)
        async def offered(event: PlaceOffered, meta: EventMeta) -> None:
            seen.append((event, meta.type))

    referral = uuid4()
    await routes.deliver(enveloped("t2t.groups.Offered.v2", {"referral_id": str(referral)}))
    assert seen == [(PlaceOffered(referral_id=referral), "t2t.groups.Offered.v2")]


def test_a_model_must_name_its_own_type() -> None:
    routes = Routes(TOPICS)

    class Inherits(PlaceOffered):
        """Would answer to PlaceOffered's type by inheritance: refused."""

    with pytest.raises(TypeError, match="VolunteerEvent declares no CE_TYPE"):
        routes.on(VolunteerEvent)
    with pytest.raises(TypeError, match="Inherits"):
        routes.on(Inherits)
    with pytest.raises(ValueError, match="not a t2t"):
        routes.on_type("PlaceOffered", PlaceOffered)


def test_a_type_is_handled_once() -> None:
    routes = Routes(TOPICS)

    @routes.on(PlaceOffered)
    async def first(event: PlaceOffered, meta: EventMeta) -> None: ...

    with pytest.raises(ValueError, match="already has a handler"):

        @routes.on(PlaceOffered)
        async def second(event: PlaceOffered, meta: EventMeta) -> None: ...

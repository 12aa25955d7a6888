"""Trust nothing on the wire: forged failure headers and sources are dead-lettered, not obeyed.

The routes are shaped as notifications' are: every record of a contacts topic goes to the
contact handler (a tombstone erases), events by their type.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from t2t_shared.envelope import CloudEvent, header_value
from t2t_shared.messaging.consumer import EventConsumer
from t2t_shared.messaging.failures import (
    ORIGINAL_OFFSET,
    ORIGINAL_PARTITION,
    ORIGINAL_TOPIC,
    REASON,
    VALUE_WITHHELD,
)
from t2t_shared.messaging.provenance import check_source, origin, topic_owner
from t2t_shared.messaging.routes import ReceivedEvent, Routes
from t2t_shared.messaging.tuning import ConsumerTuning
from t2t_shared.topics import Topics

TOPICS = Topics("t2t.")
CONTACTS, EVENTS = TOPICS.contacts("referrals"), TOPICS.events("groups")
PERSON_CONTACT = "t2t.referrals.PersonContact.v1"
EMAIL = "attacker-chosen@example.org"


@dataclass
class Record:
    topic: str
    key: bytes | None
    value: bytes | None
    headers: list[tuple[str, bytes | None]]
    partition: int = 0
    offset: int = 7


@dataclass
class Sent:
    records: list[tuple[str, bytes | None, bytes | None, list[tuple[str, bytes]]]] = field(
        default_factory=list
    )

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def send_and_wait(self, topic: str, *, value: Any, key: Any, headers: Any) -> None:
        self.records.append((topic, key, value, headers))


@dataclass
class Seen:
    contacts: list[tuple[str | None, bool]] = field(default_factory=list)
    events: list[str] = field(default_factory=list)


def consumer(seen: Seen, sent: Sent, deployment: str | None = "west-yorkshire") -> EventConsumer:
    routes = Routes()

    @routes.on_record(CONTACTS)
    async def contact(event: ReceivedEvent) -> None:
        seen.contacts.append((event.key, event.is_tombstone))
        if event.data().get("fail"):
            raise RuntimeError(f"could not store {EMAIL}")

    @routes.on_record(EVENTS, "t2t.groups.PlaceOffered.v1")
    async def offered(event: ReceivedEvent) -> None:
        seen.events.append(event.key or "")

    return EventConsumer(
        name="notifications",
        topics=TOPICS,
        routes=routes,
        producer_factory=lambda: sent,  # type: ignore[arg-type,return-value]
        tuning=ConsumerTuning(retry_delays_s=(1.0,)),
        deployment=deployment,
    )


def envelope(source: str, ce_type: str) -> list[tuple[str, bytes | None]]:
    ce = CloudEvent(id="e-1", source=source, type=ce_type, subject="p-1", time=_now())
    return list(ce.to_headers())


def _now() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC)


def forged(value: bytes | None) -> Record:
    """Written to an events topic by someone who may write there, claiming a contacts origin."""
    headers = envelope("/t2t/west-yorkshire/referrals", PERSON_CONTACT) if value else []
    return Record(EVENTS, b"p-1", value, [*headers, (ORIGINAL_TOPIC, CONTACTS.encode())])


async def test_a_forged_original_topic_on_an_events_topic_is_not_a_contact_record() -> None:
    seen, sent = Seen(), Sent()
    value = json.dumps({"person_id": "p-1", "email": EMAIL}).encode()

    await consumer(seen, sent).process(forged(value), attempt=0)

    assert seen.contacts == []
    [(topic, _, _, headers)] = sent.records
    assert topic == TOPICS.dlq("notifications")
    assert header_value(headers, REASON) == "source_mismatch"
    assert header_value(headers, ORIGINAL_TOPIC) == EVENTS


async def test_a_forged_tombstone_on_an_events_topic_erases_nobody() -> None:
    seen, sent = Seen(), Sent()

    await consumer(seen, sent).process(forged(None), attempt=0)

    assert seen.contacts == []
    [(topic, _, _, headers)] = sent.records
    assert topic == TOPICS.dlq("notifications")
    assert header_value(headers, REASON) == "no_envelope"


async def test_an_event_claiming_another_service_as_its_source_is_dead_lettered() -> None:
    seen, sent = Seen(), Sent()
    headers = envelope("/t2t/west-yorkshire/ops", "t2t.groups.PlaceOffered.v1")

    await consumer(seen, sent).process(Record(EVENTS, b"g-1", b"{}", headers), attempt=0)

    assert seen.events == []
    assert header_value(sent.records[0][3], REASON) == "source_mismatch"


async def test_an_event_from_another_deployment_is_dead_lettered() -> None:
    seen, sent = Seen(), Sent()
    headers = envelope("/t2t/cumbria/groups", "t2t.groups.PlaceOffered.v1")

    await consumer(seen, sent).process(Record(EVENTS, b"g-1", b"{}", headers), attempt=0)

    assert seen.events == []
    assert sent.records[0][0] == TOPICS.dlq("notifications")


async def test_an_event_from_its_owner_is_handled() -> None:
    seen, sent = Seen(), Sent()
    headers = envelope("/t2t/west-yorkshire/groups", "t2t.groups.PlaceOffered.v1")

    await consumer(seen, sent).process(Record(EVENTS, b"g-1", b"{}", headers), attempt=0)

    assert (seen.events, sent.records) == (["g-1"], [])


async def test_a_failed_contact_record_goes_to_retry_without_its_value() -> None:
    seen, sent = Seen(), Sent()
    value = json.dumps({"person_id": "p-1", "email": EMAIL, "fail": True}).encode()
    headers = envelope("/t2t/west-yorkshire/referrals", PERSON_CONTACT)

    await consumer(seen, sent).process(Record(CONTACTS, b"p-1", value, headers), attempt=0)

    [(topic, key, sent_value, sent_headers)] = sent.records
    assert (topic, key, sent_value) == (TOPICS.retry("notifications"), b"p-1", None)
    assert header_value(sent_headers, VALUE_WITHHELD)
    assert header_value(sent_headers, ORIGINAL_TOPIC) == CONTACTS
    assert (
        header_value(sent_headers, ORIGINAL_PARTITION),
        header_value(sent_headers, ORIGINAL_OFFSET),
    ) == ("0", "7")
    assert all(EMAIL.encode() not in (v or b"") for _, v in sent_headers)


async def test_a_withheld_retry_copy_with_no_reader_is_dead_lettered_not_taken_as_an_erasure() -> (
    None
):
    seen, sent = Seen(), Sent()
    headers = [
        *envelope("/t2t/west-yorkshire/referrals", PERSON_CONTACT),
        (ORIGINAL_TOPIC, CONTACTS.encode()),
        (ORIGINAL_PARTITION, b"0"),
        (ORIGINAL_OFFSET, b"7"),
        (VALUE_WITHHELD, b"withheld"),
    ]
    retry = Record(TOPICS.retry("notifications"), b"p-1", None, headers)

    await consumer(seen, sent).process(retry, attempt=1, mode="retry")

    assert seen.contacts == []
    [(topic, _, value, _)] = sent.records
    assert (topic, value) == (TOPICS.dlq("notifications"), None)


def test_failure_headers_count_only_on_the_consumers_own_retry_topic() -> None:
    headers: list[tuple[str, bytes | None]] = [("ce_id", b"1"), (ORIGINAL_TOPIC, CONTACTS.encode())]

    assert origin(EVENTS, headers, "t2t.notifications.retry").topic == EVENTS
    assert origin(EVENTS, headers, "t2t.notifications.retry").headers == [("ce_id", b"1")]
    from_retry = origin("t2t.notifications.retry", headers, "t2t.notifications.retry")
    assert (from_retry.topic, from_retry.from_retry) == (CONTACTS, True)


def test_topic_owner_reads_the_platforms_topic_names() -> None:
    assert topic_owner("t2t.", "t2t.referrals.contacts") == ("referrals", "contacts")
    assert topic_owner("t2t.", "t2t.groups.events") == ("groups", "events")
    assert topic_owner("t2t.", "t2t.notifications.dlq") is None
    assert topic_owner("t2t.", "other.groups.events") is None


def test_a_tombstone_is_trusted_only_on_a_contacts_topic() -> None:
    check_source(prefix="t2t.", deployment=None, topic=CONTACTS, ce=None, tombstone=True)

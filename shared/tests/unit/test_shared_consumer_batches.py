"""A consumer batch: the routes' first topics before the others, keys in order, and the
batch handler with its fallback to the per-record path."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from t2t_shared.envelope import CloudEvent
from t2t_shared.messaging.consumer import EventConsumer
from t2t_shared.messaging.outcomes import HANDLED
from t2t_shared.messaging.routes import ReceivedEvent, Routes
from t2t_shared.messaging.tuning import ConsumerTuning
from t2t_shared.topics import Topics

TOPICS = Topics("t2t.")
CONTACTS, EVENTS = TOPICS.contacts("referrals"), TOPICS.events("referrals")
CONTACT_TYPE, EVENT_TYPE = "t2t.referrals.PersonContact.v1", "t2t.referrals.ReferralReceived.v2"


@dataclass
class Record:
    topic: str
    key: bytes | None
    value: bytes | None
    headers: list[tuple[str, bytes | None]]
    partition: int = 0
    offset: int = 0


@dataclass
class Sent:
    records: list[tuple[str, bytes | None, bytes | None, list[Any]]] = field(default_factory=list)

    async def start(self) -> None: ...
    async def stop(self) -> None: ...

    async def send_and_wait(
        self, topic: str, value: bytes | None = None, key: bytes | None = None, headers: Any = None
    ) -> None:
        self.records.append((topic, key, value, list(headers or [])))


def record(topic: str, key: str, ce_id: str, *, value: bytes | None = b"{}") -> Record:
    ce_type = CONTACT_TYPE if topic == CONTACTS else EVENT_TYPE
    ce = CloudEvent(ce_id, "/t2t/dev/referrals", ce_type, key, datetime.now(UTC))
    headers = list(ce.to_headers()) if value is not None else []
    return Record(topic, key.encode(), value, headers)


class Handled:
    """What the per-record handlers and the batch handler saw, in order."""

    def __init__(self) -> None:
        self.one_by_one: list[str] = []
        self.batches: list[list[str]] = []
        self.failing: set[str] = set()
        self.batch_fails = False

    async def one(self, event: ReceivedEvent) -> None:
        self.one_by_one.append(event.ce.id if event.ce else f"tombstone:{event.key}")
        if event.ce is not None and event.ce.id in self.failing:
            raise RuntimeError("this one fails")

    async def batch(self, events: Sequence[ReceivedEvent]) -> None:
        self.batches.append([e.ce.id for e in events if e.ce])
        if self.batch_fails:
            raise RuntimeError("the batch fails")


def consumer(handled: Handled, sent: Sent, *, first: bool = True, batch: bool = False) -> Any:
    routes = Routes(TOPICS)
    routes.on_record(CONTACTS)(handled.one)
    routes.on_record(EVENTS, EVENT_TYPE)(handled.one)
    if first:
        routes.handle_first(CONTACTS)
    if batch:
        routes.on_batch(handled.batch)
    return EventConsumer(
        name="batcher",
        topics=TOPICS,
        routes=routes,
        producer_factory=lambda: sent,  # type: ignore[arg-type,return-value]
        tuning=ConsumerTuning(retry_delays_s=(1.0,)),
    )


BATCH = (
    record(EVENTS, "referral-1", "v2-1"),
    record(CONTACTS, "person-1", "contact-1"),
    record(EVENTS, "referral-1", "v1-1"),
    record(EVENTS, "referral-2", "v2-2"),
    record(CONTACTS, "person-2", "contact-2a"),
    record(CONTACTS, "person-2", "contact-2b"),
)


async def test_the_first_topics_records_are_handled_before_the_others() -> None:
    handled = Handled()

    await consumer(handled, Sent()).process_batch(BATCH)  # type: ignore[arg-type]

    assert handled.one_by_one[:3] == ["contact-1", "contact-2a", "contact-2b"]
    assert sorted(handled.one_by_one[3:]) == ["v1-1", "v2-1", "v2-2"]


async def test_each_keys_records_keep_their_order() -> None:
    for first in (True, False):
        handled = Handled()

        await consumer(handled, Sent(), first=first).process_batch(BATCH)  # type: ignore[arg-type]

        seen = handled.one_by_one
        assert seen.index("v2-1") < seen.index("v1-1")
        assert seen.index("contact-2a") < seen.index("contact-2b")


async def test_a_batch_handler_gets_the_plain_records_first_topics_first_in_order() -> None:
    handled = Handled()
    ok = HANDLED.labels("batcher", EVENT_TYPE, "ok")
    before = ok._value.get()

    await consumer(handled, Sent(), batch=True).process_batch(BATCH)  # type: ignore[arg-type]

    assert handled.batches == [["contact-1", "contact-2a", "contact-2b", "v2-1", "v1-1", "v2-2"]]
    assert handled.one_by_one == []
    assert ok._value.get() - before == 3


async def test_a_key_with_a_tombstone_goes_record_by_record_the_others_in_the_batch() -> None:
    handled = Handled()
    erased = record(CONTACTS, "person-2", "-", value=None)
    batch = (*BATCH, erased)

    await consumer(handled, Sent(), batch=True).process_batch(batch)  # type: ignore[arg-type]

    assert handled.batches == [["contact-1", "v2-1", "v1-1", "v2-2"]]
    assert handled.one_by_one == ["contact-2a", "contact-2b", "tombstone:person-2"]


async def test_a_failing_batch_is_handled_record_by_record_with_retries_as_usual() -> None:
    handled, sent = Handled(), Sent()
    handled.batch_fails = True
    handled.failing = {"v2-2"}

    await consumer(handled, sent, batch=True).process_batch(BATCH)  # type: ignore[arg-type]

    assert len(handled.batches) == 1
    assert handled.one_by_one[:3] == ["contact-1", "contact-2a", "contact-2b"]
    assert sorted(handled.one_by_one[3:]) == ["v1-1", "v2-1", "v2-2"]
    [(topic, key, _, _)] = sent.records
    assert (topic, key) == (TOPICS.retry("batcher"), b"referral-2")

"""Helpers for the ops unit tests: catalogue records as the console decodes them, and fakes."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from ops.adapters.records import dead_letter_of
from ops.domain.dlq import DeadLetter
from ops.domain.observed import ObservedEvent, decode
from ops.service_layer.redrive import AlreadyRedriven, AuditEntry, Work
from t2t_shared.envelope import EventRecord
from t2t_shared.messaging import failures

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


def observe(records: Iterable[EventRecord]) -> list[ObservedEvent]:
    events = []
    for offset, record in enumerate(records):
        event = decode(
            topic=record.topic,
            partition=0,
            offset=offset,
            value=record.value,
            headers=record.headers,
        )
        assert event is not None
        events.append(event)
    return events


def dead_letter(
    *,
    offset: int = 0,
    error: str = "PermanentHandlerError: unknown referral 0b6f5f0e-5d2a-4a8e-9d55-2f5bb1d3c7a1",
    original_topic: str = "t2t.referrals.events",
    consumer: str = "notifications",
    value: bytes | None = b'{"referral_id": "r1", "area": "leeds"}',
    time: datetime = NOW,
) -> DeadLetter:
    headers: list[tuple[str, bytes | None]] = [
        ("ce_id", f"event-{offset}".encode()),
        ("ce_type", b"t2t.referrals.ReferralReceived.v1"),
        ("ce_source", b"/t2t/dev/referrals"),
        ("ce_subject", b"r1"),
        (failures.ORIGINAL_TOPIC, original_topic.encode()),
        (failures.ORIGINAL_PARTITION, b"1"),
        (failures.ORIGINAL_OFFSET, str(100 + offset).encode()),
        (failures.ATTEMPT, b"3"),
        (failures.ERROR, error.encode()),
        (failures.CONSUMER, consumer.encode()),
    ]
    return dead_letter_of(
        dlq_topic=f"t2t.{consumer}.dlq",
        partition=0,
        offset=offset,
        key="r1",
        value=value,
        headers=headers,
        time=time,
    )


class FakeAudit:
    def __init__(self) -> None:
        self.entries: list[AuditEntry] = []

    async def record(self, entries: list[AuditEntry], *, while_held: Work | None = None) -> None:
        taken = await self.redriven()
        if any(e.message_id in taken for e in entries if not e.dry_run):
            raise AlreadyRedriven("taken")
        if while_held is not None:
            await while_held()
        self.entries.extend(entries)

    async def redriven(self) -> set[str]:
        return {e.message_id for e in self.entries if not e.dry_run}

    async def recent(self, limit: int = 50) -> list[AuditEntry]:
        return self.entries[::-1][:limit]


class FakePublisher:
    def __init__(self) -> None:
        self.sent: list[tuple[str, bytes | None, bytes | None, list[tuple[str, bytes]]]] = []

    async def publish(
        self, topic: str, key: bytes | None, value: bytes | None, headers: list[tuple[str, bytes]]
    ) -> None:
        self.sent.append((topic, key, value, headers))

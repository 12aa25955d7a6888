"""What the integration tests share: a fixed clock, a topic collector, groups' records."""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer

from t2t_shared.envelope import CloudEvent, new_traceparent
from t2t_shared.messaging.kafka import KafkaConnection
from t2t_shared.topics import Topics, ensure_topics, owned_topics
from tests.fixtures.contract_payloads import check_payload

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
TODAY = NOW.date()
Record = tuple[str, bytes | None, bytes | None, list[tuple[str, bytes]]]


class MovableClock:
    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass(frozen=True)
class Seen:
    topic: str
    key: str | None
    ce_type: str | None
    data: dict[str, Any] | None
    raw: bytes | None
    headers: dict[str, str]


@dataclass
class Collector:
    """Reads topics from the start in the background (no group), so tests can poll a list."""

    bootstrap: str
    topics: list[str]
    seen: list[Seen] = field(default_factory=list)
    _task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        consumer = AIOKafkaConsumer(
            *self.topics,
            bootstrap_servers=self.bootstrap,
            group_id=None,
            auto_offset_reset="earliest",
            metadata_max_age_ms=1000,
        )
        await consumer.start()

        async def run() -> None:
            try:
                while True:
                    batch = await consumer.getmany(timeout_ms=200)
                    for records in batch.values():
                        self.seen.extend(_seen(r) for r in records)
            finally:
                await consumer.stop()

        self._task = asyncio.create_task(run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def of(self, key: str, topic_suffix: str = "volunteers.events") -> list[Seen]:
        return [s for s in self.seen if s.key == key and s.topic.endswith(topic_suffix)]

    def types(self, key: str, topic_suffix: str = "volunteers.events") -> list[str]:
        """Event names in the order seen; a tombstone has no type."""
        return [
            s.ce_type.split(".")[2] if s.ce_type else "tombstone"
            for s in self.of(key, topic_suffix)
        ]


def _seen(record: Any) -> Seen:
    headers = {k: (v or b"").decode() for k, v in record.headers}
    return Seen(
        topic=record.topic,
        key=record.key.decode() if record.key else None,
        ce_type=headers.get("ce_type"),
        data=json.loads(record.value) if record.value else None,
        raw=record.value,
        headers=headers,
    )


async def groups_topics_exist(bootstrap: str, prefix: str) -> None:
    """Groups creates its topics at its own start-up; here that is done on its behalf."""
    specs = owned_topics(Topics(prefix), service="groups", partitions=2)
    await ensure_topics(KafkaConnection(bootstrap), specs)


def facilitator_assigned(
    prefix: str, volunteer_id: str, group_id: str | None = None, ce_id: str | None = None
) -> Record:
    """Exactly as the groups service publishes it (docs/contract), not built from its code."""
    group_id = group_id or str(uuid.uuid4())
    ce = CloudEvent(
        id=ce_id or str(uuid.uuid4()),
        source="/t2t/dev/groups",
        type="t2t.groups.FacilitatorAssigned.v1",
        subject=group_id,
        time=datetime.now(UTC),
        dataschema="https://type2together.org.uk/schemas/groups/FacilitatorAssigned.v1.json",
        traceparent=new_traceparent(),
    )
    data = {
        "group_id": group_id,
        "area": "leeds",
        "volunteer_id": volunteer_id,
        "group_name": "Headingley Tuesday evenings",
        "format": "in_person",
        "schedule_text": "Monthly on the second Tuesday, 18:30-20:00",
        "venue_name": "Headingley Community Centre",
        "postcode_district": "LS6",
    }
    check_payload("t2t.groups.FacilitatorAssigned.v1", data)
    # Not in the contract, deliberately: a field a later minor version may add.
    data["a_field_added_later"] = "consumers read tolerantly"
    return f"{prefix}groups.events", group_id.encode(), json.dumps(data).encode(), ce.to_headers()


APPLICATION: dict[str, Any] = {
    "given_name": "Priya",
    "family_name": "Sharma",
    "email": "priya.sharma@example.org",
    "mobile": "07700 900456",
    "preferred_channel": "sms",
    "area": "leeds",
    "lived_experience": True,
    "availability": [{"day": "thursday", "part_of_day": "evening"}],
    "motivation": "Living with diabetes since 2015; keen to help others",
    "consent_to_contact": True,
}
PERSONAL_VALUES = ("Priya", "Sharma", "priya.sharma", "900456", "since 2015", "Dr Okoro")
DBS = {
    "status": "complete",
    "level": "enhanced",
    "certificate_number": "001234567890",
    "issued_on": "2026-03-01",
    "renewal_due": "2029-03-01",
}


async def to_trained(client: httpx.AsyncClient, headers: dict[str, str]) -> str:
    """An applicant taken through screening and the core course; returns the volunteer id."""
    response = await client.post("/applications", json=APPLICATION)
    assert response.status_code == 201, response.text
    vid = response.json()["volunteer_id"]
    base = f"/volunteers/{vid}"
    steps: list[tuple[str, str, dict[str, Any] | None]] = [
        ("post", "/screening", None),
        ("put", "/references/1", {"received_on": str(TODAY), "satisfactory": True}),
        ("put", "/references/2", {"received_on": str(TODAY), "satisfactory": True}),
        ("put", "/dbs", DBS),
        ("post", "/training/core_facilitator/start", None),
        ("post", "/training/core_facilitator/complete", {"sessions_attended": 4}),
    ]
    for method, path, body in steps:
        step = await client.request(method, base + path, json=body, headers=headers)
        assert step.status_code == 200, (path, step.text)
    return str(vid)

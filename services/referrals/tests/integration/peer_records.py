"""Groups' and notifications' events exactly as their services publish them (each checked
against docs/contract, CloudEvents headers from `t2t_shared.envelope`), and a running
referrals service."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Collection
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar, Literal

import httpx
from pydantic import Field

from referrals.bootstrap import Container, bootstrap
from referrals.config import Settings
from referrals.entrypoints.app import create_app
from t2t_shared.envelope import event_record
from t2t_shared.events import IntegrationEvent
from t2t_shared.kernel.clock import Clock, utc_now
from t2t_shared.messaging.kafka import KafkaConnection
from t2t_shared.topics import Topics, ensure_topics, owned_topics
from tests.fixtures.contract_payloads import check_payload
from tests.fixtures.services import Infra, eventually, serving, unique_prefix
from tests.fixtures.topics import read_until

from .db_support import PRACTICES, register

Record = tuple[str, bytes | None, bytes | None, list[tuple[str, bytes]]]


class GroupsPlacement(IntegrationEvent):
    service: ClassVar[str] = "groups"
    subject_field: ClassVar[str] = "referral_id"

    referral_id: uuid.UUID
    person_id: uuid.UUID
    group_id: uuid.UUID
    area: str = "leeds"


class PlaceOffered(GroupsPlacement):
    group_name: str = "Headingley Tuesday group"
    format: Literal["in_person", "online"] = "in_person"
    venue_name: str | None = "Headingley Library"
    venue_address: str | None = "North Lane, Leeds"
    postcode_district: str | None = "LS6"
    joining_link: str | None = None
    first_session_at: datetime | None = datetime(2026, 12, 8, 18, 30, tzinfo=UTC)
    distance_km: float | None = 1.2
    offer_expires_at: datetime = datetime(2026, 12, 5, tzinfo=UTC)
    offered_at: datetime = Field(default_factory=lambda: datetime.now(UTC))


class MemberJoined(GroupsPlacement):
    group_name: str = "Headingley Tuesday group"
    first_session_at: datetime | None = None
    members: int = 7
    capacity: int = 12


class AttendanceRecorded(GroupsPlacement):
    session_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    session_starts_at: datetime = datetime(2026, 12, 8, 18, 30, tzinfo=UTC)
    attendance: Literal["present", "apologies", "absent"] = "present"
    first_attended: bool = True
    regular_attender: bool = False


class NotificationFailed(IntegrationEvent):
    service: ClassVar[str] = "notifications"
    subject_field: ClassVar[str] = "notification_id"

    notification_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    subject_id: str
    recipient_id: uuid.UUID
    recipient_kind: Literal["person", "referrer", "volunteer", "coordinators"] = "person"
    template: str = "referral_acknowledgement"
    channel: Literal["email", "sms"] = "sms"
    cause_event_id: str = Field(default_factory=lambda: str(uuid.uuid4()))
    area: str = "leeds"
    reason: str = "rejected_by_provider"
    failed_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    scope: Literal["recipient", "platform"] = "recipient"


def record(prefix: str, event: IntegrationEvent) -> Record:
    """The record the publisher's outbox relay would send."""
    r = event_record(
        event,
        topic=f"{prefix}{event.service}.events",
        source=f"/t2t/dev/{event.service}",
        schema_base_url="https://type2together.org.uk/schemas",
    )
    # What the producer publishes, by its contract: these classes are our copy of it.
    check_payload(dict(r.headers)["ce_type"].decode(), r.value)
    return r.topic, r.key.encode(), r.value, r.headers


@dataclass
class Running:
    prefix: str
    container: Container
    client: httpx.AsyncClient

    @property
    def bootstrap(self) -> str:
        return self.container.settings.kafka_bootstrap


@asynccontextmanager
async def running_referrals(
    infra: Infra, clock: Clock = utc_now, **settings: Any
) -> AsyncIterator[Running]:
    """A referrals service with its relay and consumers, once its consumers are reading."""
    prefix = unique_prefix()
    url = await infra.migrated_database("referrals")
    # Groups and notifications create their topics at start-up; here, on their behalf.
    specs = [
        spec
        for service in ("groups", "notifications")
        for spec in owned_topics(Topics(prefix), service=service, partitions=2)
    ]
    await ensure_topics(KafkaConnection(infra.kafka_bootstrap), specs)
    container = bootstrap(Settings(**infra.settings_kwargs(url, prefix), **settings), clock=clock)
    await register(container, *PRACTICES)
    async with serving(container, create_app(container), "http://referrals") as client:

        async def consuming() -> bool:
            ready = await client.get("/readyz")
            return ready.status_code == 200

        await eventually(consuming, within=40)
        yield Running(prefix, container, client)


async def contacts_until_tombstoned(running: Running, keys: Collection[str]) -> list[Any]:
    """These keys' records on the contacts topic, once each key's tombstone is there.

    A key's records stay in order on its partition and the tombstone is its last word, so
    once it is there, everything before it is too.
    """

    def mine(records: list[Any]) -> list[Any]:
        return [r for r in records if r.key.decode() in keys]

    def tombstoned(records: list[Any]) -> bool:
        return {r.key.decode() for r in mine(records) if r.value is None} >= set(keys)

    topic = f"{running.prefix}referrals.contacts"
    return mine(await read_until(running.bootstrap, topic, done=tombstoned))

"""One groups service per test module over the real database and broker, and what it publishes.

`Running.published(until=...)` keeps one reader on `t2t.groups.events` from the start and
returns once the records seen satisfy the condition: tests wait for the records they expect,
never for a fixed window.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer

from groups.bootstrap import Container, bootstrap
from groups.config import Settings
from groups.entrypoints.app import create_app
from t2t_shared.messaging.kafka import KafkaConnection
from t2t_shared.topics import Topics, ensure_topics, owned_topics
from tests.fixtures.services import Infra, auth, eventually, publish, serving, unique_prefix

from .upstream_records import facilitator_trained, referral_accepted

COORDINATOR = auth("coordinator", ["leeds"])


@dataclass(frozen=True)
class Published:
    """One record of `t2t.groups.events`: its type's name, its key and its data."""

    name: str
    key: str
    data: dict[str, Any]


Condition = Callable[[list[Published]], bool]


@dataclass
class Running:
    prefix: str
    container: Container
    client: httpx.AsyncClient
    bootstrap: str

    async def publish(self, *records: Any) -> None:
        await publish(self.bootstrap, list(records))

    async def published(self, until: Condition, within: float = 30.0) -> list[Published]:
        """Every record on the topic (by partition and offset) once `until` holds for them."""
        consumer = AIOKafkaConsumer(
            f"{self.prefix}groups.events",
            bootstrap_servers=self.bootstrap,
            group_id=None,
            auto_offset_reset="earliest",
        )
        await consumer.start()
        seen: list[Any] = []
        try:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + within
            while loop.time() < deadline:
                for batch in (await consumer.getmany(timeout_ms=300)).values():
                    seen.extend(batch)
                found = [_published(r) for r in sorted(seen, key=lambda r: (r.partition, r.offset))]
                if until(found):
                    return found
        finally:
            await consumer.stop()
        names = sorted({_published(r).name for r in seen})
        raise AssertionError(f"the records expected never came within {within}s; saw {names}")


def _published(record: Any) -> Published:
    ce_type = dict(record.headers)["ce_type"].decode()
    return Published(ce_type.split(".")[2], record.key.decode(), json.loads(record.value))


def of(found: list[Published], name: str, key: str | None = None) -> list[Published]:
    return [p for p in found if p.name == name and (key is None or p.key == key)]


@pytest.fixture(scope="module")
async def running(infra: Infra) -> AsyncIterator[Running]:
    """One groups service for the module: its consumer group joins once."""
    prefix = unique_prefix()
    url = await infra.migrated_database("groups")
    topics = Topics(prefix)
    upstream = [
        *owned_topics(topics, service="referrals", partitions=2, publishes_contacts=True),
        *owned_topics(topics, service="volunteers", partitions=2, publishes_contacts=True),
    ]
    await ensure_topics(KafkaConnection(infra.kafka_bootstrap), upstream)
    settings = Settings(**infra.settings_kwargs(url, prefix), offer_sweep_interval_s=3600)
    container = bootstrap(settings)
    async with serving(container, create_app(container), "http://groups") as client:
        yield Running(prefix, container, client, infra.kafka_bootstrap)


def group_body(volunteer_id: str | None = None, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Headingley Tuesdays",
        "area": "leeds",
        "format": "in_person",
        "venue": {
            "name": "Headingley Community Centre",
            "address": "8 Bennett Road, Leeds",
            "postcode": "LS6 3HN",
            "accessibility_notes": "Step-free",
        },
        "schedule": {
            "frequency": "monthly",
            "weekday": 1,
            "week_of_month": 2,
            "start_time": "18:30",
            "duration_minutes": 90,
        },
        "capacity": 2,
        "facilitator_ids": [volunteer_id] if volunteer_id else [],
    }
    body.update(changes)
    return body


ONLINE = {"format": "online", "venue": None, "joining_link": "https://meet.example.org/t2t"}


async def create_group(
    running: Running, area: str = "leeds", *, opened: bool = True, **changes: Any
) -> dict[str, Any]:
    """A group with a freshly trained facilitator of its area (opened unless told not to)."""
    volunteer_id = str(uuid.uuid4())
    await running.publish(facilitator_trained(running.prefix, volunteer_id, area=area))
    body = group_body(volunteer_id, area=area, **changes)
    headers = auth("coordinator", [area])

    async def created() -> httpx.Response | None:
        response = await running.client.post("/groups", json=body, headers=headers)
        return response if response.status_code == 201 else None

    group: dict[str, Any] = (await eventually(created, within=40)).json()
    if opened:
        response = await running.client.post(f"/groups/{group['id']}/open", headers=headers)
        assert response.status_code == 200, response.text
        group = response.json()
    return group


async def refer(
    running: Running,
    area: str = "leeds",
    *,
    hours_ago: float,
    district: str = "LS6",
    format_preference: str | None = None,
) -> dict[str, Any]:
    """A referral accepted upstream, once groups has placed it: its placement."""
    referral_id = str(uuid.uuid4())
    received = datetime.now(UTC) - timedelta(hours=hours_ago)
    await running.publish(
        referral_accepted(
            running.prefix,
            referral_id,
            district=district,
            received_at=received,
            area=area,
            format_preference=format_preference,
        )
    )
    headers = auth("coordinator", [area])

    async def placed() -> dict[str, Any] | None:
        response = await running.client.get(f"/placements/{referral_id}", headers=headers)
        return response.json() if response.status_code == 200 else None  # type: ignore[no-any-return]

    found: dict[str, Any] = await eventually(placed, within=30)
    return found

"""A console over its own topics and database, started and stopped as a test needs."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx

from ops.bootstrap import bootstrap
from ops.config import Settings
from ops.container import Container
from ops.entrypoints.app import create_app
from services.ops.tests.synthetic import platform_topics
from t2t_shared.envelope import EventRecord
from t2t_shared.messaging.kafka import KafkaConnection
from t2t_shared.topics import ensure_topics
from tests.fixtures.services import Infra, auth, eventually, publish, serving

OPS = auth("ops", ["*"])
ADMIN = auth("admin", ["*"])


def raw(records: list[EventRecord]) -> list[tuple[str, bytes | None, bytes | None, Any]]:
    return [(r.topic, r.key.encode(), r.value, r.headers) for r in records]


async def create_topics(infra: Infra, prefix: str) -> None:
    await ensure_topics(KafkaConnection(infra.kafka_bootstrap), platform_topics(prefix))


async def send(infra: Infra, records: list[EventRecord]) -> None:
    await publish(infra.kafka_bootstrap, raw(records))


@dataclass
class Running:
    client: httpx.AsyncClient
    container: Container


@contextlib.asynccontextmanager
async def console(
    infra: Infra, database_url: str, prefix: str, **overrides: Any
) -> AsyncIterator[Running]:
    settings = Settings(**infra.settings_kwargs(database_url, prefix) | overrides)
    container = bootstrap(settings)
    async with serving(container, create_app(container), "http://ops") as client:
        running = Running(client, container)
        await caught_up(running)
        yield running


async def caught_up(running: Running) -> None:
    async def ready() -> bool:
        return (await running.client.get("/readyz")).status_code == 200

    await eventually(ready, within=60)


async def figures(client: httpx.AsyncClient, area: str = "leeds") -> dict[str, Any]:
    """Every figure the console shows from its projections."""
    status = (await client.get("/api/status", headers=OPS)).json()
    return {
        "events_by_type": status["events_by_type"],
        "providers": status["providers"],
        "follow_up": status["follow_up"],
        **{
            path: (await client.get(f"/api/{path}?area={area}", headers=OPS)).json()
            for path in ("funnel", "capacity", "volunteers", "notifications")
        },
    }


async def read_at_least(running: Running, count: int) -> dict[str, Any]:
    async def enough() -> dict[str, Any] | None:
        status = (await running.client.get("/api/status", headers=OPS)).json()
        return status if sum(status["events_by_type"].values()) >= count else None

    result: dict[str, Any] = await eventually(enough, within=60)
    return result

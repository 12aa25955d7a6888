"""A console over its own topics and database, started and stopped as a test needs."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition

from ops.bootstrap import bootstrap
from ops.config import Settings
from ops.container import Container
from ops.entrypoints.app import create_app
from services.ops.tests.synthetic import Catalogue, platform_topics
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


async def read_to_end(
    infra: Infra, topic: str, *, within: float = 30.0
) -> list[ConsumerRecord[bytes, bytes]]:
    """Every record on the topic now: each partition read up to its fetch high-water mark.

    The mark comes from fetches, not ListOffsets (which the local broker answers wrongly for
    batched partitions); no fixed window: it returns as soon as every partition is read.
    """
    consumer = AIOKafkaConsumer(
        bootstrap_servers=infra.kafka_bootstrap, group_id=None, auto_offset_reset="earliest"
    )
    await consumer.start()
    try:
        await consumer.topics()  # metadata, for the partitions
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or []]
        assert partitions, f"no topic {topic}"
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        records: list[ConsumerRecord[bytes, bytes]] = []

        async def read() -> bool:
            for batch in (await consumer.getmany(timeout_ms=300)).values():
                records.extend(batch)
            for tp in partitions:
                mark = consumer.highwater(tp)
                if mark is None or await consumer.position(tp) < mark:
                    return False
            return True

        await eventually(read, within=within)
        return records
    finally:
        await consumer.stop()


@dataclass
class Running:
    client: httpx.AsyncClient
    container: Container
    prefix: str
    database_url: str

    @property
    def catalogue(self) -> Catalogue:
        return Catalogue(self.prefix)


@contextlib.asynccontextmanager
async def console(
    infra: Infra, database_url: str, prefix: str, **overrides: Any
) -> AsyncIterator[Running]:
    settings = Settings(**infra.settings_kwargs(database_url, prefix) | overrides)
    container = bootstrap(settings)
    async with serving(container, create_app(container), "http://ops") as client:
        running = Running(client, container, prefix, database_url)
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

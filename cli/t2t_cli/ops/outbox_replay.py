"""Republishing a service's outbox history, e.g. into a broker that restarted empty.

Every outbox row is kept after publishing (with `published_at`), so the service's own
database holds its whole event history. Rows go to the partition the relay chose
(`key_hash` mod the partition count), in id order, so each aggregate's events stay in
order; consumers skip what they already handled (their inbox), so a replay is safe.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from t2t_shared.messaging.kafka import KafkaConnection, create_producer
from t2t_shared.production import asyncpg_url
from t2t_shared.settings import PlatformSettings
from t2t_shared.topics import Topics, TopicSpec, ensure_topics, owned_topics

# Only rows the relay already published: the relay itself sends the others.
COUNT = sa.text(
    "SELECT count(*) FROM outbox WHERE published_at IS NOT NULL"
    " AND (CAST(:since AS timestamptz) IS NULL OR created_at >= :since)"
)
TOPICS = sa.text(
    "SELECT DISTINCT topic FROM outbox WHERE published_at IS NOT NULL"
    " AND (CAST(:since AS timestamptz) IS NULL OR created_at >= :since)"
)
ROWS = sa.text(
    "SELECT id, topic, key, key_hash, value, header_keys, header_values FROM outbox"
    " WHERE published_at IS NOT NULL"
    " AND (CAST(:since AS timestamptz) IS NULL OR created_at >= :since)"
    " AND id > :after ORDER BY id LIMIT :limit"
)
CHUNK = 1000


def as_async_url(url: str) -> str:
    """The asyncpg URL, `sslmode=verify-full` (production's) handed over as asyncpg's `ssl`."""
    return asyncpg_url(url)


async def replay_outbox(
    s: PlatformSettings,
    service: str,
    url: str,
    since: datetime | None,
    progress: Callable[[int, int], None] = lambda total, done: None,
) -> int:
    engine = create_async_engine(url, pool_size=1, hide_parameters=True)
    connection = KafkaConnection.from_settings(s)
    try:
        total, topics = await _survey(engine, since)
        progress(total, 0)
        await ensure_topics(connection, _specs(s, service, topics), s.kafka_replication_factor)
        producer = create_producer(connection, "t2t-replay")
        await producer.start()
        try:
            return await _send_all(engine, producer, since, total, progress)
        finally:
            await producer.stop()
    finally:
        await engine.dispose()


async def _survey(engine: AsyncEngine, since: datetime | None) -> tuple[int, list[str]]:
    async with engine.connect() as conn:
        total = await conn.scalar(COUNT, {"since": since})
        topics = (await conn.scalars(TOPICS, {"since": since})).all()
    return int(total or 0), sorted(topics)


def _specs(s: PlatformSettings, service: str, topics: list[str]) -> list[TopicSpec]:
    """The service's own topics as it creates them, plus any other topic its rows name."""
    owned = owned_topics(
        Topics(s.topic_prefix),
        service=service,
        partitions=s.topic_partitions,
        publishes_contacts=any(t.endswith(".contacts") for t in topics),
        consumer=service,
    )
    named = {spec.name for spec in owned}
    return owned + [TopicSpec(t, s.topic_partitions) for t in topics if t not in named]


async def _send_all(
    engine: AsyncEngine,
    producer: Any,
    since: datetime | None,
    total: int,
    progress: Callable[[int, int], None],
) -> int:
    partitions: dict[str, list[int]] = {}
    sent, after = 0, 0
    while True:
        async with engine.connect() as conn:
            rows = (
                (await conn.execute(ROWS, {"since": since, "after": after, "limit": CHUNK}))
                .mappings()
                .all()
            )
        if not rows:
            return sent
        futures = []
        for row in rows:
            topic = row["topic"]
            if topic not in partitions:
                partitions[topic] = sorted(await producer.partitions_for(topic))
            choices = partitions[topic]
            futures.append(
                await producer.send(
                    topic,
                    value=row["value"],
                    key=row["key"].encode(),
                    partition=choices[row["key_hash"] % len(choices)],
                    headers=list(zip(row["header_keys"], row["header_values"], strict=True)),
                )
            )
        await asyncio.gather(*futures)
        sent += len(rows)
        after = rows[-1]["id"]
        progress(total, sent)

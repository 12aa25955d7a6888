"""The relay's Prometheus metrics."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from prometheus_client import Counter, Gauge, Histogram
from sqlalchemy.ext.asyncio import async_sessionmaker

PUBLISHED = Counter("t2t_outbox_published_total", "Outbox rows published", ["service"])
FAILURES = Counter("t2t_outbox_publish_failures_total", "Failed outbox publishes", ["service"])
PENDING = Gauge("t2t_outbox_pending", "Outbox rows not yet published", ["service"])
DELAY = Histogram(
    "t2t_outbox_delay_seconds",
    "From commit to publish, of the oldest row of each batch",
    ["service"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)


def observe_delay(service: str, oldest: datetime | None) -> None:
    """Once a batch, not once a row: observing every row cost a tenth of the relay."""
    if oldest is not None:
        DELAY.labels(service).observe(max(0.0, (datetime.now(UTC) - oldest).total_seconds()))


async def count_pending(sessions: async_sessionmaker, table: sa.Table) -> int:  # type: ignore[type-arg]
    async with sessions() as session:
        count = await session.scalar(
            sa.select(sa.func.count()).select_from(table).where(table.c.published_at.is_(None))
        )
    return int(count or 0)

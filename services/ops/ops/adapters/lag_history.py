"""Consumer lag sampled over time, in the ops database, pruned to a retention window."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from ops.adapters.projection_tables import lag_samples
from ops.domain.area_report import LagSample


class SqlLagHistory:
    """The `LagHistory` port: the console's lag chart reads it, the lag worker writes it."""

    def __init__(self, engine: AsyncEngine, *, keep: timedelta = timedelta(days=7)) -> None:
        self._engine, self._keep = engine, keep

    async def record(self, samples: list[tuple[str, int]], *, at: datetime) -> None:
        async with self._engine.begin() as conn:
            if samples:
                rows = [{"at": at, "consumer_group": g, "lag": n} for g, n in samples]
                await conn.execute(sa.insert(lag_samples), rows)
            await conn.execute(sa.delete(lag_samples).where(lag_samples.c.at < at - self._keep))

    async def lag_history(self, since: datetime) -> list[LagSample]:
        query = (
            sa.select(lag_samples.c.at, lag_samples.c.consumer_group, lag_samples.c.lag)
            .where(lag_samples.c.at >= since)
            .order_by(lag_samples.c.at, lag_samples.c.consumer_group)
        )
        async with self._engine.connect() as conn:
            return [LagSample(at, group, lag) for at, group, lag in await conn.execute(query)]

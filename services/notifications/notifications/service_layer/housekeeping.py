"""Periodic chores beside sending: events waiting too long, and the retention policy.

Retention (the notifications database's own rows; the outbox and processed-message rows
are the shared delivery machinery's):
- attempts of settled messages: kept `attempts_days` (default 90), then deleted, the
  message itself kept;
- settled messages (sent, delivered, failed, cancelled, outcome unknown): kept
  `notifications_days` (default 400: a year of history for operations, with a margin),
  then deleted with any attempts left.
Messages not settled (pending, sending, waiting on a lookup) are never pruned.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from prometheus_client import Counter

from notifications.service_layer.planning import Planning
from notifications.service_layer.unit_of_work import UnitOfWork
from notifications.service_layer.waiting import expire_waiting
from t2t_shared.topics import Topics

log = logging.getLogger(__name__)

PRUNED = Counter("t2t_notifications_pruned_total", "Rows deleted by retention", ["table"])


@dataclass(frozen=True)
class HousekeepingPolicy:
    every_s: float = 60.0
    contact_wait_max_s: float = 3600.0
    attempts_days: int = 90
    notifications_days: int = 400
    batch: int = 1000


class Housekeeping:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        planning: Planning,
        topics: Topics,
        policy: HousekeepingPolicy,
    ) -> None:
        self._uow = uow_factory
        self._planning = planning
        self._topics = topics
        self._policy = policy

    async def run(self) -> None:
        while True:
            try:
                await self.once()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the next round tries again
                log.warning("housekeeping failed", extra={"error": type(exc).__name__})
            await asyncio.sleep(self._policy.every_s)

    async def close(self) -> None:
        """Nothing held between rounds."""

    async def once(self) -> None:
        max_age = timedelta(seconds=self._policy.contact_wait_max_s)
        while await expire_waiting(self._uow, self._planning, self._topics, max_age) > 0:
            pass
        await self.prune()

    async def prune(self) -> dict[str, int]:
        """Apply the retention policy; rows deleted per table."""
        now = self._planning.clock()
        p = self._policy
        deleted = {"notification_attempts": 0, "notifications": 0}
        for table, cutoff in (
            ("notification_attempts", now - timedelta(days=p.attempts_days)),
            ("notifications", now - timedelta(days=p.notifications_days)),
        ):
            while True:
                async with self._uow() as uow:
                    if table == "notifications":
                        count = await uow.retention.prune_notifications(cutoff, p.batch)
                    else:
                        count = await uow.retention.prune_attempts(cutoff, p.batch)
                    await uow.commit()
                deleted[table] += count
                PRUNED.labels(table).inc(count)
                if count < p.batch:
                    break
        return deleted

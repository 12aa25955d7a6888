"""The console's use cases: feed the read models from the observer and answer the page.

Figures live in the durable projections (`ProjectionStore` to write, `ConsoleViews` to
read); the live feed and the dead letters stay in memory (bounded, and rebuilt from the DLQs).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from prometheus_client import Gauge

from ops.domain.area_report import LagHistory as LagSamples
from ops.domain.dlq import DeadLetter
from ops.domain.funnel import FunnelReport
from ops.domain.lag import GroupLag, LagHistory, PartitionPosition, group_lag
from ops.domain.observed import ObservedEvent
from ops.domain.read_models import ReadModels
from ops.domain.since import parse_since
from ops.domain.topic_selection import TopicSelection
from ops.service_layer.projections import (
    ConsoleViews,
    MemoryProjections,
    Offsets,
    ProjectionStore,
)
from ops.service_layer.redrive import AuditLog, Publisher, RedriveRequest, RedriveResult, redrive
from t2t_shared.kernel.clock import Clock, utc_now

log = logging.getLogger(__name__)

LAG_MESSAGES = Gauge("t2t_ops_consumer_lag_messages", "Events a group has not processed", ["group"])
LAG_SECONDS = Gauge(
    "t2t_ops_consumer_lag_seconds", "Age of the oldest event a group has not processed", ["group"]
)
LAG_RISING = Gauge("t2t_ops_consumer_lag_rising", "1 while a group's lag keeps growing", ["group"])
DLQ_WAITING = Gauge("t2t_ops_dlq_waiting", "Dead letters waiting, by consumer", ["consumer"])


class LagProbe(Protocol):
    async def positions(self, groups: list[str]) -> dict[str, list[PartitionPosition]]: ...


class LagRecorder(LagSamples, Protocol):
    async def record(self, samples: list[tuple[str, int]], *, at: datetime) -> None: ...


def _memory() -> MemoryProjections:
    return MemoryProjections()


@dataclass
class Console:
    selection: TopicSelection
    publisher: Publisher
    audit: AuditLog
    lag_probe: LagProbe
    consumers: tuple[str, ...]
    clock: Clock = utc_now
    models: ReadModels = field(default_factory=ReadModels)
    """Only the feed and the dead letters are used: the figures are in the projections."""
    projections: ProjectionStore = field(default_factory=_memory)
    views: ConsoleViews = field(default_factory=_memory)
    lag_samples: LagRecorder | None = None
    lag_history: LagHistory = field(default_factory=LagHistory)
    lag: list[GroupLag] = field(default_factory=list)

    async def on_events(self, events: list[ObservedEvent], offsets: Offsets, *, live: bool) -> None:
        """Apply a batch to the projections, then (once stored) show it in the live feed."""
        applied = await self.projections.apply(events, offsets)
        for event in events:
            self.models.feed.apply(event)
        if live and events:
            log.debug("events observed", extra={"events": len(events), "applied": applied})

    async def stored_offsets(self) -> dict[tuple[str, int], int]:
        return await self.projections.offsets()

    async def reset(self) -> None:
        await self.projections.reset()

    def on_dead_letter(self, letter: DeadLetter, *, live: bool) -> None:
        self.models.dead_letters.add(letter)
        self._count_dead_letters()
        if live:
            log.info(
                "dead letter observed",
                extra={"event_id": letter.meta.get("ce_id"), "consumer": letter.consumer},
            )

    async def load_redriven(self) -> None:
        """After a restart, messages redriven before stay out of the DLQ view."""
        self.models.dead_letters.mark_redriven(await self.audit.redriven())
        self._count_dead_letters()

    async def funnel(self, *, area: str | None, since: str | None) -> FunnelReport:
        """Raises `InvalidSince` for a `since` that is neither a duration nor a date."""
        return await self.views.funnel(area=area, since=parse_since(since, self.clock()))

    async def refresh_lag(self) -> list[GroupLag]:
        groups = {self.selection.group_id(c): c for c in self.consumers}
        positions = await self.lag_probe.positions(list(groups))
        now = self.clock()
        measured = []
        for group, where in positions.items():
            total = sum(p.behind for p in where)
            rising = self.lag_history.record(group, total)
            lag = group_lag(group, where, now=now, rising=rising)
            LAG_MESSAGES.labels(group).set(lag.messages)
            LAG_SECONDS.labels(group).set(lag.seconds or 0.0)
            LAG_RISING.labels(group).set(int(lag.rising))
            measured.append(lag)
        self.lag = measured
        if self.lag_samples is not None:
            await self.lag_samples.record([(g.group, g.messages) for g in measured], at=now)
        return measured

    async def redrive(self, request: RedriveRequest, *, actor: str, role: str) -> RedriveResult:
        result = await redrive(
            request,
            letters=self.models.dead_letters,
            publisher=self.publisher,
            audit=self.audit,
            actor=actor,
            role=role,
            now=self.clock(),
        )
        log.info(
            "dead letters redriven" if not result.dry_run else "redrive planned (dry run)",
            extra={
                "redrive_id": result.redrive_id,
                "messages": len(result.entries),
                "actor": actor,
            },
        )
        self._count_dead_letters()
        return result

    def _count_dead_letters(self) -> None:
        waiting: dict[str, int] = {}
        for letter in self.models.dead_letters.waiting():
            waiting[letter.consumer] = waiting.get(letter.consumer, 0) + 1
        for consumer in set(waiting) | set(self.consumers):
            DLQ_WAITING.labels(consumer).set(waiting.get(consumer, 0))

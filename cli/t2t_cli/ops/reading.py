"""Reading the topics from the CLI with the console's own observer and read models."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

from ops.adapters.audit import SqlAuditLog
from ops.adapters.observer import TopicObserver
from ops.config import Settings
from ops.domain.dlq import DeadLetter, DeadLetters
from ops.domain.observed import ObservedEvent
from ops.domain.read_models import ReadModels
from ops.domain.topic_selection import TopicSelection
from t2t_cli.ops.settings import selection
from t2t_shared.db import create_engine, session_factory
from t2t_shared.messaging.kafka import KafkaConnection


@dataclass
class Collector:
    """Feeds read models, and hands live events (or `everything`) to `on_live`."""

    models: ReadModels = field(default_factory=ReadModels)
    on_live: Callable[[ObservedEvent], None] | None = None
    everything: bool = False

    def on_event(self, event: ObservedEvent, *, live: bool) -> None:
        fresh = self.models.apply(event) is not None
        if fresh and (live or self.everything) and self.on_live is not None:
            self.on_live(event)

    async def on_events(
        self, events: list[ObservedEvent], offsets: dict[tuple[str, int], int], *, live: bool
    ) -> None:
        for event in events:
            self.on_event(event, live=live)

    def on_dead_letter(self, letter: DeadLetter, *, live: bool) -> None:
        self.models.dead_letters.add(letter)

    async def stored_offsets(self) -> dict[tuple[str, int], int]:
        return {}  # the CLI reads from the beginning and stores nothing

    async def reset(self) -> None:
        self.models = ReadModels()


@contextlib.asynccontextmanager
async def observing(
    s: Settings, chosen: TopicSelection, collector: Collector
) -> AsyncIterator[TopicObserver]:
    observer = TopicObserver(KafkaConnection.from_settings(s), chosen, collector)
    await observer.start()
    try:
        yield observer
    finally:
        await observer.close()


async def read_models(s: Settings, chosen: TopicSelection, *, within: float = 60.0) -> ReadModels:
    """Everything on the chosen topics now, applied to fresh read models."""
    collector = Collector()
    async with observing(s, chosen, collector) as observer:
        await observer.catch_up(within=within)
    return collector.models


@contextlib.asynccontextmanager
async def audit_log(s: Settings) -> AsyncIterator[SqlAuditLog]:
    engine = create_engine(s.sqlalchemy_url, pool_size=1)
    try:
        yield SqlAuditLog(session_factory(engine))
    finally:
        await engine.dispose()


async def dead_letters(s: Settings, *, within: float = 60.0) -> tuple[DeadLetters, str | None]:
    """The DLQs with what was already redriven marked; a warning when the audit log is away."""
    models = await read_models(s, selection(s, "dlq"), within=within)
    letters = models.dead_letters
    try:
        async with audit_log(s) as audit:
            async with asyncio.timeout(5):
                letters.mark_redriven(await audit.redriven())
    except Exception as exc:
        return letters, f"ops database not reachable ({type(exc).__name__}): showing every letter"
    return letters, None

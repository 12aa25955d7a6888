"""Composition root of the ops service."""

from __future__ import annotations

import contextlib
from datetime import timedelta

from ops.adapters.area_reports import SqlAreaReports
from ops.adapters.audit import SqlAuditLog
from ops.adapters.console_views import SqlConsoleViews
from ops.adapters.lag_history import SqlLagHistory
from ops.adapters.lag_probe import KafkaLagProbe
from ops.adapters.observer import TopicObserver
from ops.adapters.practices import SqlPractices
from ops.adapters.projection_store import SqlProjectionStore
from ops.adapters.publisher import KafkaRedrivePublisher
from ops.config import Settings
from ops.container import Container, OpsRuntime
from ops.domain.feed import Feed
from ops.domain.read_models import ReadModels
from ops.domain.topic_selection import TopicSelection
from ops.service_layer.console import Console
from ops.service_layer.projections import MemoryProjections
from t2t_shared.http.service import Worker
from t2t_shared.kernel.clock import Clock, utc_now
from t2t_shared.periodic import Periodic


class ObserverWorker:
    """Rebuilds the read models and follows the topics."""

    def __init__(self, observer: TopicObserver, publisher: KafkaRedrivePublisher) -> None:
        self._observer, self._publisher = observer, publisher

    async def run(self) -> None:
        await self._observer.run()

    async def close(self) -> None:
        await self._observer.close()
        await self._publisher.close()


class LagWorker:
    def __init__(self, console: Console, probe: KafkaLagProbe, interval_s: float) -> None:
        self._probe = probe
        self._periodic = Periodic("consumer-lag", interval_s, console.refresh_lag)

    async def run(self) -> None:
        await self._periodic.run()

    async def close(self) -> None:
        await self._periodic.close()
        with contextlib.suppress(Exception):
            await self._probe.close()


def bootstrap(
    settings: Settings | None = None,
    *,
    clock: Clock = utc_now,
    projections: MemoryProjections | None = None,
) -> Container:
    """The service's parts; `projections` replaces the PostgreSQL read models (unit tests)."""
    settings = settings or Settings()
    runtime = OpsRuntime(settings, outbox_table=None)
    selection = TopicSelection(
        settings.topic_prefix,
        settings.observed_services,
        regions=tuple(sorted(settings.regions.items())),
    )
    engine = runtime.engine
    lag_history = SqlLagHistory(engine, keep=timedelta(days=settings.lag_history_days))
    probe = KafkaLagProbe(runtime.kafka, selection)
    publisher = KafkaRedrivePublisher(runtime.kafka)
    console = Console(
        selection=selection,
        publisher=publisher,
        audit=SqlAuditLog(runtime.sessions),
        lag_probe=probe,
        consumers=settings.consumer_groups,
        clock=clock,
        models=ReadModels(feed=Feed(settings.feed_size)),
        projections=projections or SqlProjectionStore(engine),
        views=projections or SqlConsoleViews(engine),
        lag_samples=lag_history,
    )
    observer = TopicObserver(
        runtime.kafka,
        selection,
        console,
        refresh_s=settings.topic_refresh_s,
        max_records=settings.projection_batch,
    )
    runtime.observer = observer
    workers: list[Worker] = [
        ObserverWorker(observer, publisher),
        LagWorker(console, probe, settings.lag_interval_s),
        # Redrives made elsewhere (the CLI, another replica) leave this replica's view too.
        Periodic("redrive-log", settings.redrive_log_interval_s, console.load_redriven),
    ]
    reports = SqlAreaReports(engine, target_hours=settings.first_contact_target_hours)
    practices = SqlPractices(engine, clock=clock)
    return Container(
        settings, runtime, console, observer, publisher, workers, reports, lag_history, practices
    )

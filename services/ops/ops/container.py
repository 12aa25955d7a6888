"""The ops service's parts as one value, typed for the routes without importing the bootstrap.

`ops.bootstrap` builds it; the routes' dependencies (`ops.entrypoints.deps`) only name it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ops.adapters.area_reports import SqlAreaReports
from ops.adapters.lag_history import SqlLagHistory
from ops.adapters.observer import TopicObserver
from ops.adapters.practices import SqlPractices
from ops.adapters.publisher import KafkaRedrivePublisher
from ops.config import Settings
from ops.service_layer.console import Console
from t2t_shared.http.service import Worker
from t2t_shared.runtime import ServiceRuntime


class OpsRuntime(ServiceRuntime):
    """Ready once the read models have been rebuilt from the topics, not merely connected."""

    observer: TopicObserver | None = None

    async def readiness(self) -> dict[str, bool]:
        checks = await super().readiness()
        checks["read_models"] = self.observer is not None and self.observer.progress().caught_up
        return checks


@dataclass
class Container:
    settings: Settings
    runtime: OpsRuntime
    console: Console
    observer: TopicObserver
    publisher: KafkaRedrivePublisher
    workers: list[Worker]
    area_reports: SqlAreaReports
    lag_history: SqlLagHistory
    practices: SqlPractices

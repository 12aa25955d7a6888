"""Composition root: builds the volunteers service's real dependencies from settings."""

from __future__ import annotations

from dataclasses import dataclass, field

from t2t_shared.http.ratelimit import TokenBuckets
from t2t_shared.kernel.clock import Clock, utc_now
from t2t_shared.periodic import Periodic
from t2t_shared.runtime import ServiceRuntime
from t2t_shared.topics import Topics
from volunteers.adapters import orm
from volunteers.adapters.unit_of_work import SqlVolunteersUnitOfWork
from volunteers.config import Settings
from volunteers.entrypoints.consumers import build_routes
from volunteers.service_layer.pipeline import Pipeline
from volunteers.service_layer.sweep import ExpirySweep


@dataclass
class Container:
    settings: Settings
    clock: Clock = utc_now
    runtime: ServiceRuntime = field(init=False)
    applications_limit: TokenBuckets = field(init=False)

    def __post_init__(self) -> None:
        self.applications_limit = TokenBuckets(
            per_minute=self.settings.application_rate_per_minute,
            burst=self.settings.application_burst,
        )

    @property
    def topics(self) -> Topics:
        return Topics(self.settings.topic_prefix)

    def uow(self) -> SqlVolunteersUnitOfWork:
        return self.runtime.unit_of_work(
            SqlVolunteersUnitOfWork, inbox_table=orm.processed_messages
        )

    @property
    def pipeline(self) -> Pipeline:
        return Pipeline(self.topics, self.settings.course_rules, self.clock)

    def sweep(self) -> ExpirySweep:
        return ExpirySweep(
            self.uow, self.topics, notice_days=self.settings.renewal_notice_days, clock=self.clock
        )

    def workers(self) -> list[Periodic]:
        return [Periodic("expiry-sweep", self.settings.sweep_interval_s, self.sweep())]


def bootstrap(settings: Settings | None = None, *, clock: Clock = utc_now) -> Container:
    settings = settings or Settings()
    container = Container(settings, clock)
    container.runtime = ServiceRuntime(
        settings,
        outbox_table=orm.outbox,
        routes=build_routes(container),
        publishes_contacts=True,
    )
    return container

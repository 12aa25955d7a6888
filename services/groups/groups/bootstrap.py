"""Composition root: builds the groups service's real dependencies from settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from groups.adapters import orm
from groups.adapters.bank_holidays import EnglandAndWalesBankHolidays
from groups.adapters.postcode_directory import OnsPostcodeDirectory
from groups.adapters.unit_of_work import SqlGroupsUnitOfWork
from groups.config import Settings
from groups.domain.distance import DistanceProvider
from groups.entrypoints.consumers import build_routes
from groups.entrypoints.sweeps import build_sweeps
from groups.service_layer.context import Context
from t2t_shared.http.ratelimit import TokenBuckets
from t2t_shared.kernel.clock import Clock, utc_now
from t2t_shared.periodic import Periodic
from t2t_shared.runtime import ServiceRuntime
from t2t_shared.topics import Topics


@dataclass
class Container:
    settings: Settings
    ctx: Context
    runtime: ServiceRuntime = field(init=False)
    workers: list[Periodic] = field(default_factory=list)
    offers_limit: TokenBuckets = field(init=False)

    def __post_init__(self) -> None:
        rate = self.settings.offer_answer_rate_per_minute
        self.offers_limit = TokenBuckets(per_minute=rate, burst=max(1, int(rate // 2)))

    @property
    def topics(self) -> Topics:
        return self.runtime.topics

    def uow(self) -> SqlGroupsUnitOfWork:
        return self.runtime.unit_of_work(SqlGroupsUnitOfWork, inbox_table=orm.processed_messages)


def bootstrap(
    settings: Settings | None = None,
    *,
    distances: DistanceProvider | None = None,
    clock: Clock = utc_now,
) -> Container:
    settings = settings or Settings()
    ctx = Context(
        topics=Topics(settings.topic_prefix),
        distances=distances or OnsPostcodeDirectory(settings.postcode_directory),
        clock=clock,
        offer_valid_for=timedelta(days=settings.offer_valid_days),
        weeks_ahead=settings.sessions_weeks_ahead,
        bank_holidays=EnglandAndWalesBankHolidays(),
    )
    container = Container(settings, ctx)
    container.runtime = ServiceRuntime(
        settings, outbox_table=orm.outbox, routes=build_routes(container)
    )
    container.workers = build_sweeps(container)
    return container

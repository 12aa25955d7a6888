"""Composition root: builds the referrals service's real dependencies from settings."""

from __future__ import annotations

from dataclasses import dataclass, field

from referrals.adapters import orm
from referrals.adapters.postcode_areas import OnsPostcodeAreas
from referrals.adapters.unit_of_work import SqlReferralsUnitOfWork
from referrals.config import Settings
from referrals.entrypoints.consumers import build_routes
from referrals.service_layer.policy import Policy
from t2t_shared.http.ratelimit import TokenBuckets
from t2t_shared.kernel.clock import Clock, utc_now
from t2t_shared.runtime import ServiceRuntime
from t2t_shared.topics import Topics


@dataclass
class Container:
    settings: Settings
    policy: Policy
    self_referral_limit: TokenBuckets
    postcode_areas: OnsPostcodeAreas
    runtime: ServiceRuntime = field(init=False)

    @property
    def topics(self) -> Topics:
        return Topics(self.settings.topic_prefix)

    def uow(self) -> SqlReferralsUnitOfWork:
        return self.runtime.unit_of_work(SqlReferralsUnitOfWork, inbox_table=orm.processed_messages)


def bootstrap(settings: Settings | None = None, *, clock: Clock = utc_now) -> Container:
    settings = settings or Settings()
    container = Container(
        settings,
        Policy(
            contact_target_working_days=settings.contact_target_working_days,
            unreachable_after_failed_attempts=settings.unreachable_after_failed_attempts,
            clock=clock,
        ),
        TokenBuckets(
            per_minute=settings.self_referrals_per_minute, burst=settings.self_referrals_burst
        ),
        OnsPostcodeAreas(settings.practice_areas),
    )
    container.runtime = ServiceRuntime(
        settings,
        outbox_table=orm.outbox,
        routes=build_routes(container),
        publishes_contacts=True,
    )
    return container

"""Composition root: builds the referrals service's real dependencies from settings."""

from __future__ import annotations

from dataclasses import dataclass

from referrals.adapters import orm
from referrals.config import Settings
from referrals.service_layer.unit_of_work import SqlReferralsUnitOfWork
from t2t_shared.messaging.consumer import Routes
from t2t_shared.runtime import ServiceRuntime
from t2t_shared.topics import Topics


@dataclass
class Container:
    settings: Settings
    runtime: ServiceRuntime

    @property
    def topics(self) -> Topics:
        return self.runtime.topics

    def uow(self) -> SqlReferralsUnitOfWork:
        return self.runtime.unit_of_work(SqlReferralsUnitOfWork, inbox_table=orm.processed_messages)


def bootstrap(settings: Settings | None = None) -> Container:
    settings = settings or Settings()
    # Referrals consumes nothing yet; groups' and notifications' events come with the journey.
    runtime = ServiceRuntime(
        settings, outbox_table=orm.outbox, routes=Routes(), publishes_contacts=True
    )
    return Container(settings=settings, runtime=runtime)

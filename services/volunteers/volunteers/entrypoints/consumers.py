"""Kafka entrypoints: each handler gets the parsed event and calls one use case."""

from __future__ import annotations

from typing import Protocol

import structlog

from t2t_shared.kernel.clock import Clock
from t2t_shared.kernel.event_meta import EventMeta
from t2t_shared.messaging.failures import PermanentHandlerError
from t2t_shared.messaging.routes import Routes
from t2t_shared.topics import Topics
from volunteers import consumed_events as inbound
from volunteers.domain.stages import IllegalTransition
from volunteers.service_layer import assignments
from volunteers.service_layer.unit_of_work import UnitOfWork

log = structlog.get_logger(__name__)


class Wiring(Protocol):
    """What the subscribers need from the composition root (which passes itself in)."""

    @property
    def topics(self) -> Topics: ...

    @property
    def clock(self) -> Clock: ...

    def uow(self) -> UnitOfWork: ...


def build_routes(container: Wiring) -> Routes:
    routes = Routes(container.topics)

    @routes.on(inbound.FacilitatorAssigned)
    async def facilitator_assigned(assigned: inbound.FacilitatorAssigned, meta: EventMeta) -> None:
        try:
            outcome = await assignments.on_facilitator_assigned(
                assigned.volunteer_id,
                assigned.group_id,
                meta,
                container.uow(),
                container.topics,
                container.clock,
            )
        except IllegalTransition as exc:
            # Groups assigned someone who may not lead: no retry will change that; the DLQ
            # puts it in front of a person.
            raise PermanentHandlerError(f"volunteer is '{exc.current}', cannot lead") from exc
        log.info(
            "facilitator_assigned", outcome=outcome.value, volunteer_id=str(assigned.volunteer_id)
        )

    return routes

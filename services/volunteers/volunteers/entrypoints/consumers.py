"""Kafka entrypoints: translate records into use-case calls, nothing more."""

from __future__ import annotations

from typing import TYPE_CHECKING

import structlog

from t2t_shared.messaging.consumer import ReceivedEvent, Routes
from t2t_shared.messaging.failures import PermanentHandlerError
from volunteers import consumed_events as inbound
from volunteers.domain.stages import IllegalTransition
from volunteers.service_layer import assignments

if TYPE_CHECKING:
    from volunteers.bootstrap import Container

log = structlog.get_logger(__name__)


def build_routes(container: Container) -> Routes:
    routes = Routes()

    @routes.on(container.topics.events("groups"), inbound.FACILITATOR_ASSIGNED)
    async def facilitator_assigned(event: ReceivedEvent) -> None:
        if event.ce is None:
            raise PermanentHandlerError("record has no CloudEvents envelope")
        assigned = event.parse(inbound.FacilitatorAssigned)
        try:
            outcome = await assignments.on_facilitator_assigned(
                assigned.volunteer_id,
                assigned.group_id,
                assignments.EventMeta(id=event.ce.id, source=event.ce.source),
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

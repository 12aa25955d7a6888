"""Groups assigned a facilitator: they become active (`VolunteerActivated`)."""

from __future__ import annotations

import uuid
from enum import StrEnum

import structlog

from t2t_shared.kernel.clock import Clock, utc_now
from t2t_shared.kernel.event_meta import EventMeta
from t2t_shared.topics import Topics
from volunteers.service_layer.publishing import publish_events
from volunteers.service_layer.unit_of_work import UnitOfWork

log = structlog.get_logger(__name__)


class Outcome(StrEnum):
    ACTIVATED = "activated"
    DUPLICATE = "duplicate"
    UNKNOWN_VOLUNTEER = "unknown_volunteer"


async def on_facilitator_assigned(
    volunteer_id: uuid.UUID,
    group_id: uuid.UUID,
    meta: EventMeta,
    uow: UnitOfWork,
    topics: Topics,
    clock: Clock = utc_now,
) -> Outcome:
    """Raises `IllegalTransition` for a volunteer who may not lead (paused, left, untrained)."""
    async with uow:
        if not await uow.inbox.claim(meta.source, meta.id):
            return Outcome.DUPLICATE
        volunteer = await uow.volunteers.get(volunteer_id, lock=True)
        if volunteer is None:
            # Nothing to activate, ever: record the event as handled so it is not retried.
            log.warning("facilitator_assigned_unknown_volunteer", volunteer_id=str(volunteer_id))
            await uow.commit()
            return Outcome.UNKNOWN_VOLUNTEER
        volunteer.activate(group_id, clock())
        await publish_events(uow, topics, volunteer)
        await uow.volunteers.save(volunteer)
        await uow.commit()
        return Outcome.ACTIVATED

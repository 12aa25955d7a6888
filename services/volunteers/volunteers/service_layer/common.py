"""What every use case shares: the clock, the not-found error, and one locked change."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from t2t_shared.events import IntegrationEvent
from t2t_shared.periodic import Clock, utc_now
from t2t_shared.topics import Topics
from volunteers.domain.model import Volunteer
from volunteers.service_layer.publishing import publish, versioned
from volunteers.service_layer.unit_of_work import UnitOfWork

__all__ = ["Clock", "NotFound", "change", "utc_now"]


class NotFound(Exception):
    """No volunteer with this id."""


async def change(
    volunteer_id: uuid.UUID,
    uow: UnitOfWork,
    topics: Topics,
    action: Callable[[Volunteer], list[IntegrationEvent]],
) -> Volunteer:
    """Lock the volunteer, apply `action`, save it and its records in one transaction.

    The row lock makes racing requests queue: the second sees the first's result, so two
    "start screening" calls cannot both succeed.
    """
    async with uow:
        volunteer = await uow.volunteers.get(volunteer_id, lock=True)
        if volunteer is None:
            raise NotFound(volunteer_id)
        records = action(volunteer)
        await uow.volunteers.save(volunteer)
        # The save bumped the version in this transaction: the contact record carries it.
        await publish(uow, topics, *versioned(records, volunteer))
        await uow.commit()
        return volunteer

"""What every use case shares: the not-found error, and one locked change."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from t2t_shared.topics import Topics
from volunteers.domain.model import Volunteer
from volunteers.service_layer.publishing import publish_events
from volunteers.service_layer.unit_of_work import UnitOfWork


class NotFound(Exception):
    """No volunteer with this id."""


async def change(
    volunteer_id: uuid.UUID,
    uow: UnitOfWork,
    topics: Topics,
    action: Callable[[Volunteer], object],
) -> Volunteer:
    """Lock the volunteer, apply `action`, save it and what it recorded in one transaction.

    The row lock makes racing requests queue: the second sees the first's result, so two
    "start screening" calls cannot both succeed.
    """
    async with uow:
        volunteer = await uow.volunteers.get(volunteer_id, lock=True)
        if volunteer is None:
            raise NotFound(volunteer_id)
        action(volunteer)
        await publish_events(uow, topics, volunteer)
        await uow.volunteers.save(volunteer)
        await uow.commit()
        return volunteer

"""The public application: a new volunteer, their contact record and `VolunteerApplied`."""

from __future__ import annotations

from t2t_shared.kernel.clock import Clock, utc_now
from t2t_shared.topics import Topics
from volunteers.domain.commands import Apply
from volunteers.domain.model import Volunteer
from volunteers.service_layer.publishing import publish_events
from volunteers.service_layer.unit_of_work import UnitOfWork


async def apply(cmd: Apply, uow: UnitOfWork, topics: Topics, clock: Clock = utc_now) -> Volunteer:
    volunteer = Volunteer.apply(
        area=cmd.area,
        applicant=cmd.applicant,
        lived_experience=cmd.lived_experience,
        availability=cmd.availability,
        now=clock(),
    )
    async with uow:
        await publish_events(uow, topics, volunteer)
        await uow.volunteers.add(volunteer)
        await uow.commit()
    return volunteer

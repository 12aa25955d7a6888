"""The public application: a new volunteer, their contact record and `VolunteerApplied`."""

from __future__ import annotations

from t2t_shared.topics import Topics
from volunteers.domain.commands import Apply
from volunteers.domain.model import Volunteer
from volunteers.service_layer import publishing
from volunteers.service_layer.common import Clock, utc_now
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
        await uow.volunteers.add(volunteer)
        # The contact record first, so notifications usually knows the volunteer by the
        # time the event arrives (it waits for it otherwise: topics are not ordered).
        await publishing.publish(
            uow, topics, publishing.contact(volunteer), publishing.applied(volunteer)
        )
        await uow.commit()
    return volunteer

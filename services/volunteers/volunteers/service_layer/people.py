"""Reading volunteers, and erasing a volunteer's personal data on request."""

from __future__ import annotations

import uuid

from t2t_shared.envelope import EventRecord
from t2t_shared.topics import Topics
from volunteers.domain.model import Volunteer
from volunteers.domain.stages import LeaveReason, Stage
from volunteers.domain.views import ListFilter, Page, Stats
from volunteers.service_layer.common import Clock, NotFound, utc_now
from volunteers.service_layer.pipeline import left
from volunteers.service_layer.publishing import publish
from volunteers.service_layer.unit_of_work import UnitOfWork


async def get_volunteer(volunteer_id: uuid.UUID, uow: UnitOfWork) -> Volunteer:
    async with uow:
        volunteer = await uow.volunteers.get(volunteer_id)
    if volunteer is None:
        raise NotFound(volunteer_id)
    return volunteer


async def list_volunteers(f: ListFilter, uow: UnitOfWork) -> Page:
    async with uow:
        return await uow.queries.page(f)


async def stats(areas: tuple[str, ...] | None, uow: UnitOfWork) -> Stats:
    async with uow:
        return await uow.queries.stats(areas)


async def erase(
    volunteer_id: uuid.UUID, uow: UnitOfWork, topics: Topics, clock: Clock = utc_now
) -> bool:
    """Delete the person, keep the anonymised record, tombstone the contact record.

    Someone still in the pipeline leaves first (reason `other`), so groups stops counting
    on them. False when already erased (nothing more to do).
    """
    async with uow:
        volunteer = await uow.volunteers.get(volunteer_id, lock=True)
        if volunteer is None:
            raise NotFound(volunteer_id)
        if volunteer.erased_at is not None:
            return False
        now = clock()
        if volunteer.stage is not Stage.LEFT:
            volunteer.leave(LeaveReason.OTHER, now)
            await publish(uow, topics, left(volunteer))
        volunteer.erase(now)
        await uow.volunteers.save(volunteer)
        contacts = topics.contacts("volunteers")
        # Published rows too: `t2t replay` would otherwise publish the details again.
        await uow.outbox.blank_records(topic=contacts, keys=[str(volunteer.id)])
        await uow.outbox.add_record(EventRecord(topic=contacts, key=str(volunteer.id), value=None))
        await uow.commit()
        return True

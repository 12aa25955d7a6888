"""Reading volunteers, and erasing a volunteer's personal data on request."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from t2t_shared.envelope import EventRecord
from t2t_shared.kernel.clock import Clock, utc_now
from t2t_shared.topics import Topics
from volunteers.domain.model import Volunteer
from volunteers.domain.stages import LeaveReason, Stage
from volunteers.domain.views import ListFilter, Page, Stats
from volunteers.service_layer.common import NotFound
from volunteers.service_layer.publishing import publish_events
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


@dataclass
class ErasureReport:
    """What one erasure did: nothing but ids and counts, never the erased details."""

    volunteer_id: uuid.UUID
    requested_at: datetime
    erased: bool = False
    left: bool = False
    tombstoned: list[uuid.UUID] = field(default_factory=list)
    outbox_rows_blanked: int = 0


async def erase(
    volunteer_id: uuid.UUID, uow: UnitOfWork, topics: Topics, clock: Clock = utc_now
) -> ErasureReport:
    """Delete the person, keep the anonymised record, tombstone the contact record.

    Someone still in the pipeline leaves first (reason `other`), so groups stops counting
    on them. Already erased: the report says nothing was erased now.
    """
    now = clock()
    report = ErasureReport(volunteer_id, requested_at=now)
    async with uow:
        volunteer = await uow.volunteers.get(volunteer_id, lock=True)
        if volunteer is None:
            raise NotFound(volunteer_id)
        if volunteer.erased_at is not None:
            return report
        if volunteer.stage is not Stage.LEFT:
            volunteer.leave(LeaveReason.OTHER, now)
            report.left = True
        volunteer.erase(now)
        await publish_events(uow, topics, volunteer)
        await uow.volunteers.save(volunteer)
        contacts, key = topics.contacts("volunteers"), str(volunteer.id)
        # Published rows too: `t2t replay` would otherwise publish the details again.
        report.outbox_rows_blanked = await uow.outbox.blank_records(topic=contacts, keys=[key])
        await uow.outbox.add_record(EventRecord(topic=contacts, key=key, value=None))
        await uow.commit()
    report.erased, report.tombstoned = True, [volunteer.id]
    return report

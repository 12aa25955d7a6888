"""The outreach log: a coordinator records engaging a practice; `PracticeEngaged` tells ops."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from referrals.domain.outreach import Outreach, OutreachKind, engaged_at
from referrals.practice_events import PracticeEngaged
from referrals.service_layer.policy import Clock, NotFound, OutOfScope, utc_now
from referrals.service_layer.unit_of_work import UnitOfWork
from t2t_shared.topics import Topics


@dataclass(frozen=True)
class RecordOutreach:
    ods_code: str
    kind: OutreachKind
    on: date
    note: str | None
    recorded_by: str
    areas: tuple[str, ...] | None  # the caller's; None is every area


async def record_outreach(
    cmd: RecordOutreach, uow: UnitOfWork, topics: Topics, clock: Clock = utc_now
) -> Outreach:
    now = clock()
    when = engaged_at(cmd.on, now)
    async with uow:
        practice = await uow.practices.get(cmd.ods_code)
        if practice is None or practice.registered_at is None:
            raise NotFound(cmd.ods_code)
        _check_scope(cmd.areas, practice.area)
        entry = Outreach(
            id=uuid.uuid4(),
            ods_code=practice.ods_code,
            area=practice.area,
            kind=cmd.kind,
            engaged_at=when,
            note=cmd.note,
            recorded_by=cmd.recorded_by,
            recorded_at=now,
        )
        await uow.outreach.add(entry)
        await uow.outbox.add_event(
            PracticeEngaged(
                ods_code=entry.ods_code,
                area=entry.area,
                kind=entry.kind.value,
                engaged_at=entry.engaged_at,
                outreach_id=entry.id,
            ),
            topic=topics.events("referrals"),
        )
        await uow.commit()
    return entry


async def outreach_log(
    ods_code: str, areas: tuple[str, ...] | None, uow: UnitOfWork
) -> list[Outreach]:
    async with uow:
        practice = await uow.practices.get(ods_code)
        if practice is None or practice.registered_at is None:
            raise NotFound(ods_code)
        _check_scope(areas, practice.area)
        return await uow.outreach.of_practice(ods_code)


def _check_scope(areas: tuple[str, ...] | None, area: str | None) -> None:
    # A practice in no configured area belongs to nobody's patch: admins only.
    if areas is not None and area not in areas:
        raise OutOfScope(area or "none")

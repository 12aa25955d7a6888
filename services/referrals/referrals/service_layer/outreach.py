"""The outreach log: a coordinator records engaging a practice; `PracticeEngaged` tells ops."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from referrals.domain.outreach import Outreach, OutreachKind, engaged_at
from referrals.service_layer import publishing
from referrals.service_layer.policy import NotFound, OutOfScope
from referrals.service_layer.unit_of_work import UnitOfWork
from t2t_shared.kernel.clock import Clock, utc_now
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
        entry = Outreach.log(
            practice.ods_code, practice.area, cmd.kind, when, cmd.note, cmd.recorded_by, now
        )
        await uow.outreach.add(entry)
        await publishing.publish(entry, uow, topics)
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

"""Coordinators' views: the worklist, one volunteer, statistics; and erasure."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query

from t2t_shared.auth import Principal
from t2t_shared.http.errors import STANDARD_ERRORS
from t2t_shared.http.security import require_area
from t2t_shared.http.types import MAX_OFFSET
from volunteers.domain.stages import Stage
from volunteers.domain.views import ListFilter
from volunteers.domain.worklist import Flag, overdue_windows
from volunteers.entrypoints.deps import (
    NOT_FOUND,
    Admin,
    Deps,
    Reader,
    domain_errors,
    scoped_areas,
)
from volunteers.entrypoints.erasure_schemas import ErasurePublic
from volunteers.entrypoints.volunteers_schemas import VolunteerPublic
from volunteers.entrypoints.worklist_schemas import StatsOut, VolunteerListItem, VolunteerPage
from volunteers.service_layer import people

router = APIRouter(tags=["volunteers"], responses=STANDARD_ERRORS)


def sees_people(principal: Principal) -> bool:
    return principal.role in ("coordinator", "admin")


@router.get(
    "/volunteers",
    response_model=VolunteerPage,
    summary="The worklist: volunteers in the caller's areas, longest waiting first",
    description=(
        "Filters: `status` (a stage), `area`, `overdue` (`amber`: past the stage's ideal "
        "days, `red`: past its maximum), `expiring_within_days` (training or DBS expiring "
        "between today and then). Coordinators see their areas only; `ops` sees no names."
    ),
)
async def list_volunteers(
    principal: Reader,
    deps: Deps,
    status: Stage | None = None,
    area: str | None = None,
    overdue: Annotated[
        Literal["amber", "red"] | None,
        Query(description="amber: past the ideal days, not yet the maximum; red: past it"),
    ] = None,
    expiring_within_days: Annotated[int | None, Query(ge=0, le=366)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> VolunteerPage:
    now = deps.clock()
    targets = deps.settings.stage_targets
    today = now.date()
    f = ListFilter(
        areas=scoped_areas(principal, area),
        stage=status,
        overdue=Flag(overdue) if overdue else None,
        overdue_windows=tuple(overdue_windows(Flag(overdue), now, targets)) if overdue else (),
        expiring_from=today if expiring_within_days is not None else None,
        expiring_by=today + timedelta(days=expiring_within_days)
        if expiring_within_days is not None
        else None,
        limit=limit,
        offset=offset,
    )
    page = await people.list_volunteers(f, deps.uow())
    named = sees_people(principal)
    return VolunteerPage(
        items=[
            VolunteerListItem.of(s, now=now, targets=targets, with_person=named) for s in page.items
        ],
        total=page.total,
        limit=limit,
        offset=offset,
    )


@router.get(
    "/volunteers/stats",
    response_model=StatsOut,
    summary="Counts per stage and leaving reasons",
    description="For one `area`, or every area the caller covers when it is left out.",
)
async def volunteer_stats(principal: Reader, deps: Deps, area: str | None = None) -> StatsOut:
    areas = scoped_areas(principal, area)
    return StatsOut.of(await people.stats(areas, deps.uow()), areas)


@router.get(
    "/volunteers/{volunteer_id}",
    response_model=VolunteerPublic,
    summary="One volunteer: stage, checks, training, supervisor",
    description="`ops` sees no personal details (`person`, supervisor, DBS number are null).",
    responses=NOT_FOUND,
)
async def read_volunteer(volunteer_id: UUID, principal: Reader, deps: Deps) -> VolunteerPublic:
    async with domain_errors():
        volunteer = await people.get_volunteer(volunteer_id, deps.uow())
    require_area(principal, volunteer.area)
    return VolunteerPublic.of(
        volunteer,
        now=deps.clock(),
        targets=deps.settings.stage_targets,
        with_person=sees_people(principal),
    )


@router.delete(
    "/people/{volunteer_id}",
    response_model=ErasurePublic,
    summary="Erase a volunteer's personal data (admin)",
    description=(
        "Deletes the name, contact details, motivation, supervisor and DBS certificate "
        "number; keeps the anonymised record (area, stages, dates) for statistics; puts a "
        "tombstone on the contacts topic so notifications deletes its copy. A volunteer "
        "still in the pipeline leaves first (reason `other`, `VolunteerLeft`). Answers what "
        "was erased where and what other services were asked to do. Repeating it is "
        "harmless: the answer then lists nothing erased."
    ),
    responses=NOT_FOUND,
)
async def erase_volunteer(volunteer_id: UUID, _: Admin, deps: Deps) -> ErasurePublic:
    async with domain_errors():
        report = await people.erase(volunteer_id, deps.uow(), deps.topics, deps.clock)
    return ErasurePublic.of(report, deps.topics)

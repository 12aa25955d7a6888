"""Coordinators' actions on one volunteer: each answers the volunteer as it now stands."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path

from t2t_shared.auth import Principal
from t2t_shared.http.errors import STANDARD_ERRORS
from volunteers.domain import commands
from volunteers.domain.model import Volunteer
from volunteers.domain.people import Supervisor
from volunteers.entrypoints.actions_schemas import (
    DbsIn,
    LeaveIn,
    PauseIn,
    ReferenceIn,
    SupervisorIn,
)
from volunteers.entrypoints.deps import ACTION_ERRORS, Coordinator, Deps, domain_errors, in_scope
from volunteers.entrypoints.volunteers_schemas import VolunteerPublic

router = APIRouter(tags=["pipeline"], responses={**STANDARD_ERRORS, **ACTION_ERRORS})

SlotParam = Annotated[int, Path(ge=1, le=2, description="Reference 1 or 2")]


def public(volunteer: Volunteer, deps: Deps) -> VolunteerPublic:
    return VolunteerPublic.of(
        volunteer, now=deps.clock(), targets=deps.settings.stage_targets, with_person=True
    )


async def scope(volunteer_id: UUID, principal: Principal, deps: Deps) -> None:
    await in_scope(volunteer_id, principal, deps)


@router.post(
    "/volunteers/{volunteer_id}/screening",
    response_model=VolunteerPublic,
    summary="Start screening: request two references and a DBS check",
    description="applied → screening; publishes `ScreeningStarted`.",
)
async def start_screening(
    volunteer_id: UUID, principal: Coordinator, deps: Deps
) -> VolunteerPublic:
    await scope(volunteer_id, principal, deps)
    async with domain_errors():
        v = await deps.pipeline.start_screening(volunteer_id, deps.uow())
    return public(v, deps)


@router.put(
    "/volunteers/{volunteer_id}/references/{slot}",
    response_model=VolunteerPublic,
    summary="Record a reference (received, satisfactory or not), or re-request it",
    description=(
        "During screening. When both references are satisfactory and the DBS check is "
        "complete, publishes `VolunteerScreened`."
    ),
)
async def record_reference(
    volunteer_id: UUID, slot: SlotParam, body: ReferenceIn, principal: Coordinator, deps: Deps
) -> VolunteerPublic:
    await scope(volunteer_id, principal, deps)
    cmd = commands.RecordReference(
        volunteer_id, slot, body.requested_on, body.received_on, body.satisfactory
    )
    async with domain_errors():
        v = await deps.pipeline.record_reference(cmd, deps.uow())
    return public(v, deps)


@router.put(
    "/volunteers/{volunteer_id}/dbs",
    response_model=VolunteerPublic,
    summary="Record the DBS check (pending or complete), or its renewal",
    description=(
        "Certificate number: 12 digits; level basic, standard or enhanced; renewal after "
        "issue and after today. May complete screening (`VolunteerScreened`); later, a "
        "renewal replaces an expiring or expired check."
    ),
)
async def record_dbs(
    volunteer_id: UUID, body: DbsIn, principal: Coordinator, deps: Deps
) -> VolunteerPublic:
    await scope(volunteer_id, principal, deps)
    cmd = commands.RecordDbs(
        volunteer_id,
        completed=body.status == "complete",
        level=body.level,
        certificate_number=body.certificate_number,
        issued_on=body.issued_on,
        renewal_due=body.renewal_due,
    )
    async with domain_errors():
        v = await deps.pipeline.record_dbs(cmd, deps.uow())
    return public(v, deps)


@router.put(
    "/volunteers/{volunteer_id}/supervisor",
    response_model=VolunteerPublic,
    summary="Link a trained facilitator to their supervising health professional",
    description="Stored here and sent on the restricted contacts record, never on events.",
)
async def set_supervisor(
    volunteer_id: UUID, body: SupervisorIn, principal: Coordinator, deps: Deps
) -> VolunteerPublic:
    await scope(volunteer_id, principal, deps)
    cmd = commands.SetSupervisor(volunteer_id, Supervisor(body.name, body.role, body.organisation))
    async with domain_errors():
        v = await deps.pipeline.set_supervisor(cmd, deps.uow())
    return public(v, deps)


@router.post(
    "/volunteers/{volunteer_id}/pause",
    response_model=VolunteerPublic,
    summary="Pause a trained or active facilitator",
    description="trained|active → paused; publishes `VolunteerPaused`.",
)
async def pause(
    volunteer_id: UUID, principal: Coordinator, deps: Deps, body: PauseIn | None = None
) -> VolunteerPublic:
    await scope(volunteer_id, principal, deps)
    async with domain_errors():
        v = await deps.pipeline.pause(
            commands.Pause(volunteer_id, body.until if body else None), deps.uow()
        )
    return public(v, deps)


@router.post(
    "/volunteers/{volunteer_id}/resume",
    response_model=VolunteerPublic,
    summary="Resume after a pause",
    description="paused → the stage paused from; publishes `VolunteerResumed`.",
)
async def resume(volunteer_id: UUID, principal: Coordinator, deps: Deps) -> VolunteerPublic:
    await scope(volunteer_id, principal, deps)
    async with domain_errors():
        v = await deps.pipeline.resume(volunteer_id, deps.uow())
    return public(v, deps)


@router.post(
    "/volunteers/{volunteer_id}/leave",
    response_model=VolunteerPublic,
    summary="Record that the volunteer left, with a coded reason",
    description="From any stage but left; publishes `VolunteerLeft` with the stage left from.",
)
async def leave(
    volunteer_id: UUID, body: LeaveIn, principal: Coordinator, deps: Deps
) -> VolunteerPublic:
    await scope(volunteer_id, principal, deps)
    async with domain_errors():
        v = await deps.pipeline.leave(commands.Leave(volunteer_id, body.reason), deps.uow())
    return public(v, deps)

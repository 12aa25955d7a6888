"""Coordinators' training actions: start and complete the core course or a refresher."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path

from t2t_shared.http.errors import STANDARD_ERRORS
from volunteers.domain import commands
from volunteers.domain.training import Course
from volunteers.entrypoints.actions_api import public, scope
from volunteers.entrypoints.actions_schemas import TrainingCompleteIn, TrainingStartIn
from volunteers.entrypoints.deps import ACTION_ERRORS, Coordinator, Deps, domain_errors
from volunteers.entrypoints.volunteers_schemas import VolunteerPublic

router = APIRouter(tags=["training"], responses={**STANDARD_ERRORS, **ACTION_ERRORS})

CourseParam = Annotated[Course, Path(description="core_facilitator or refresher")]


@router.post(
    "/volunteers/{volunteer_id}/training/{course}/start",
    response_model=VolunteerPublic,
    summary="Start a course",
    description=(
        "`core_facilitator`: screening → training, only once screening is complete (409 "
        "says what is missing). `refresher`: for a trained facilitator. Publishes "
        "`TrainingStarted`."
    ),
)
async def start_training(
    volunteer_id: UUID,
    course: CourseParam,
    principal: Coordinator,
    deps: Deps,
    body: TrainingStartIn | None = None,
) -> VolunteerPublic:
    await scope(volunteer_id, principal, deps)
    cmd = commands.StartTraining(volunteer_id, course, body.started_on if body else None)
    async with domain_errors():
        v = await deps.pipeline.start_training(cmd, deps.uow())
    return public(v, deps)


@router.post(
    "/volunteers/{volunteer_id}/training/{course}/complete",
    response_model=VolunteerPublic,
    summary="Complete a course",
    description=(
        "`core_facilitator`: training → trained. Either course publishes "
        "`FacilitatorTrained` with `valid_until`; a refresher renews the validity."
    ),
)
async def complete_training(
    volunteer_id: UUID,
    course: CourseParam,
    body: TrainingCompleteIn,
    principal: Coordinator,
    deps: Deps,
) -> VolunteerPublic:
    await scope(volunteer_id, principal, deps)
    cmd = commands.CompleteTraining(volunteer_id, course, body.sessions_attended, body.completed_on)
    async with domain_errors():
        v = await deps.pipeline.complete_training(cmd, deps.uow())
    return public(v, deps)

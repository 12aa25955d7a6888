"""HTTP routes of a session's register: taken by coordinators or the group's facilitators."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Body

from groups.domain.commands import RegisterLine
from groups.entrypoints import access
from groups.entrypoints.access import Recorder, Viewer
from groups.entrypoints.deps import ILLEGAL, Deps, not_found
from groups.entrypoints.session_schemas import RegisterLineIn, RegisterLinePublic, RegisterPublic
from groups.service_layer import attendance
from t2t_shared.http.errors import STANDARD_ERRORS

router = APIRouter(tags=["sessions"], responses=STANDARD_ERRORS)

RESPONSES = {**not_found("No session with this id"), **ILLEGAL}


@router.put(
    "/sessions/{session_id}/attendance",
    response_model=RegisterPublic,
    summary="Take (or correct) the register of a session that has started",
    description=(
        "A list of `{referral_id, attendance}` (`present`, `apologies`, `absent`), one line "
        "per member; lines already taken are replaced. Someone who is not a member of the "
        "group is refused with 422 naming the line, and nothing is written. Publishes "
        "`AttendanceRecorded` per line, with `first_attended` and `regular_attender` "
        "(present at 3 of their last 4 sessions). A `facilitator` takes the registers of "
        "the groups they lead only."
    ),
    responses=RESPONSES,
)
async def record_attendance(
    session_id: UUID,
    principal: Recorder,
    deps: Deps,
    lines: list[RegisterLineIn] = Body(
        min_length=1,
        max_length=200,
        examples=[
            [{"referral_id": "0b6f5f0e-5d2a-4a8e-9d55-2f5bb1d3c7a1", "attendance": "present"}]
        ],
    ),
) -> RegisterPublic:
    recorded = await attendance.record_attendance(
        session_id,
        [RegisterLine(line.referral_id, line.attendance) for line in lines],
        deps.uow(),
        deps.ctx,
        await access.for_session(principal, session_id, deps),
    )
    return RegisterPublic(
        session_id=session_id,
        lines=[
            RegisterLinePublic(
                referral_id=e.referral_id,
                person_id=e.person_id,
                attendance=e.attendance,
                first_attended=e.first_attended,
                regular_attender=e.regular_attender,
            )
            for e in recorded
        ],
    )


@router.get(
    "/sessions/{session_id}/attendance",
    response_model=RegisterPublic,
    summary="The register of a session",
    responses=RESPONSES,
)
async def read_attendance(session_id: UUID, principal: Viewer, deps: Deps) -> RegisterPublic:
    scope = await access.for_session(principal, session_id, deps)
    register = await attendance.register(session_id, deps.uow(), scope)
    return RegisterPublic(
        session_id=session_id,
        lines=[
            RegisterLinePublic(
                referral_id=line.referral_id,
                person_id=line.person_id,
                attendance=line.attendance,
                first_attended=line.first_attended,
                regular_attender=line.regular_attender,
            )
            for line in register
        ],
    )

"""HTTP routes of a group's sessions: listed, downloaded as a calendar, held, called off, moved."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from groups.entrypoints import access
from groups.entrypoints.access import Viewer
from groups.entrypoints.deps import ILLEGAL, Coordinator, Deps, not_found
from groups.entrypoints.deps import area_check as check
from groups.entrypoints.session_calendar import calendar_of
from groups.entrypoints.session_schemas import (
    HeldSessionIn,
    SessionCancel,
    SessionPublic,
    SessionReschedule,
)
from groups.service_layer import queries, sessions
from t2t_shared.http.errors import STANDARD_ERRORS

router = APIRouter(tags=["sessions"], responses=STANDARD_ERRORS)

RESPONSES = {**not_found("No session with this id"), **ILLEGAL}
NO_GROUP = not_found("No group with this id")
CALENDAR = "text/calendar"


@router.post(
    "/groups/{group_id}/sessions",
    response_model=SessionPublic,
    status_code=201,
    summary="Record a session that took place outside the calendar",
    description=(
        "For an extra meeting, or a session whose paper register is typed in later: its "
        "register can then be taken. Only a start in the past is accepted (422 otherwise; "
        "the schedule puts future sessions on the calendar); 409 when the group is not open "
        "or already has a session at that time. Publishes `SessionScheduled`."
    ),
    responses={**NO_GROUP, **ILLEGAL},
)
async def record_held_session(
    group_id: UUID, body: HeldSessionIn, principal: Coordinator, deps: Deps
) -> SessionPublic:
    held = await sessions.record_held_session(
        group_id, body.starts_at, body.duration_minutes, deps.uow(), deps.ctx, check(principal)
    )
    return SessionPublic.of(held)


@router.post(
    "/sessions/{session_id}/cancel",
    response_model=SessionPublic,
    summary="Call a session off",
    description="Publishes `SessionCancelled` (notifications tells the members).",
    responses=RESPONSES,
)
async def cancel_session(
    session_id: UUID, body: SessionCancel, principal: Coordinator, deps: Deps
) -> SessionPublic:
    done = await sessions.cancel_session(
        session_id, body.reason, deps.uow(), deps.ctx, check(principal)
    )
    return SessionPublic.of(done)


@router.post(
    "/sessions/{session_id}/reschedule",
    response_model=SessionPublic,
    summary="Move a session to another time; its length stays",
    description="Publishes `SessionRescheduled`. The new time must be in the future.",
    responses=RESPONSES,
)
async def reschedule_session(
    session_id: UUID, body: SessionReschedule, principal: Coordinator, deps: Deps
) -> SessionPublic:
    done = await sessions.reschedule_session(
        session_id, body.starts_at, deps.uow(), deps.ctx, check(principal)
    )
    return SessionPublic.of(done)


@router.get(
    "/groups/{group_id}/sessions",
    response_model=list[SessionPublic],
    summary="The group's sessions, oldest first",
    responses=NO_GROUP,
)
async def group_sessions(group_id: UUID, principal: Viewer, deps: Deps) -> list[SessionPublic]:
    check = await access.for_group(principal, group_id, deps)
    found = await queries.group_sessions(group_id, deps.uow(), check)
    return [SessionPublic.of(s) for s in found]


@router.get(
    "/groups/{group_id}/sessions.ics",
    response_class=Response,
    summary="The group's coming sessions as a calendar file (iCalendar)",
    description=(
        "One event per session from now on, for a calendar app: the group's name, the "
        "venue's address (a public place) or the joining link, times in UTC. Each event's "
        "UID stays the same for the session, so importing the file again updates a moved "
        "session; a cancelled one comes with `STATUS:CANCELLED`. Who may read it: as "
        "`GET /groups/{group_id}/sessions`."
    ),
    responses={200: {"content": {CALENDAR: {}}, "description": "An iCalendar file"}, **NO_GROUP},
)
async def group_calendar(group_id: UUID, principal: Viewer, deps: Deps) -> Response:
    check = await access.for_group(principal, group_id, deps)
    group, coming = await queries.coming_sessions(group_id, deps.uow(), check, deps.ctx.now())
    headers = {"Content-Disposition": 'attachment; filename="sessions.ics"'}
    return Response(
        calendar_of(group, coming, deps.ctx.now()), media_type=CALENDAR, headers=headers
    )

"""`/my-groups` and the register: a facilitator's groups, their sessions, and attendance.

The groups API lets a facilitator reach only the groups they lead, so these pages show
whatever it answers; another group's register is its 403, shown as a clear page.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import RedirectResponse

from portal.adapters.api import Invalid, NotFound
from portal.entrypoints.deps import CsrfChecked, Deps, Facilitator, Render
from portal.entrypoints.forms import api_errors, posted
from portal.service_layer.staff import register as reg
from t2t_shared.signin import signed_in
from t2t_shared.signin.guard import SignedIn

router = APIRouter(include_in_schema=False)

RegisterTaker = Annotated[SignedIn, Depends(signed_in("facilitator", "coordinator", "admin"))]


@router.get("/my-groups")
async def my_groups(
    request: Request, user: Facilitator, deps: Deps, render: Render, done: str = ""
) -> Response:
    groups = await deps.apis.groups.call("GET", "/groups", token=user.token)
    now = datetime.now(UTC)
    shown = []
    for group in groups:
        sessions = await deps.apis.groups.call(
            "GET", f"/groups/{group['id']}/sessions", token=user.token
        )
        shown.append({"group": group, "sessions": reg.around(sessions, now)})
    return render.render(
        request,
        "staff/my_groups.jinja",
        title="Your groups",
        section="Facilitator",
        groups=shown,
        done="Register saved." if done == "register" else "",
    )


async def _register_page(
    request: Request,
    group_id: UUID,
    session_id: UUID,
    user: SignedIn,
    deps: Deps,
    render: Render,
    *,
    errors: dict[str, str] | None = None,
    marks: dict[str, str] | None = None,
) -> Response:
    token = user.token
    group = await deps.apis.groups.call("GET", f"/groups/{group_id}", token=token)
    sessions = await deps.apis.groups.call("GET", f"/groups/{group_id}/sessions", token=token)
    session = next((s for s in sessions if s["id"] == str(session_id)), None)
    if session is None:
        raise NotFound("groups", 404, "No such session in this group")
    placements = await deps.apis.groups.call("GET", f"/groups/{group_id}/placements", token=token)
    taken = await deps.apis.groups.call("GET", f"/sessions/{session_id}/attendance", token=token)
    rows = reg.rows(placements, taken["lines"], marks or {})
    return render.render(
        request,
        "staff/register.jinja",
        status_code=422 if errors else 200,
        title=f"Register for {group['name']}",
        section="Your groups" if user.principal.role == "facilitator" else "Groups",
        back_href="/my-groups" if user.principal.role == "facilitator" else f"/groups/{group_id}",
        group=group,
        session=session,
        rows=rows,
        errors=errors or {},
    )


@router.get("/groups/{group_id}/sessions/{session_id}/register")
async def register(
    request: Request,
    group_id: UUID,
    session_id: UUID,
    user: RegisterTaker,
    deps: Deps,
    render: Render,
) -> Response:
    return await _register_page(request, group_id, session_id, user, deps, render)


@router.post("/groups/{group_id}/sessions/{session_id}/register", dependencies=[CsrfChecked])
async def take_register(
    request: Request,
    group_id: UUID,
    session_id: UUID,
    user: RegisterTaker,
    deps: Deps,
    render: Render,
) -> Response:
    values = await posted(request)
    marks = {k: str(v) for k, v in values.items() if k.startswith("attendance-")}
    lines: list[dict[str, Any]] = reg.lines(marks)
    errors: dict[str, str] = {}
    if not lines:
        errors["register"] = "Mark at least one member present, absent or sending apologies"
    else:
        try:
            await deps.apis.groups.call(
                "PUT", f"/sessions/{session_id}/attendance", token=user.token, json=lines
            )
        except Invalid as exc:
            errors = api_errors(exc, reg.error_fields(lines))
    if errors:
        return await _register_page(
            request, group_id, session_id, user, deps, render, errors=errors, marks=marks
        )
    back = "/my-groups" if user.principal.role == "facilitator" else f"/groups/{group_id}"
    return RedirectResponse(f"{back}?done=register", status_code=303)

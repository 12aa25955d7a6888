"""A group's page: facilitators, sessions, and the people holding places, with the
coordinator's actions (accept or decline on the person's behalf, move, leave, assign)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from portal.adapters.api import ApiError, Invalid
from portal.entrypoints.deps import Coordinator, CsrfChecked, Deps, Render
from portal.entrypoints.forms import api_errors, posted
from portal.entrypoints.staff import choices as c
from portal.entrypoints.staff.groups import trained_volunteers
from portal.service_layer.staff.register import around

router = APIRouter(include_in_schema=False)

DONE = {
    "created": "Group set up. Assign an eligible facilitator, then open it.",
    "opened": "Group opened: sessions are on the calendar and the waiting list is offered places.",
    "closed": "Group closed.",
    "assigned": "Facilitator assigned.",
    "accept": "Place accepted on the person's behalf.",
    "decline": "Place declined on the person's behalf; it has passed to the waiting list.",
    "leave": "Member recorded as having left; the place has passed on.",
    "move": "Moved to the other group.",
    "register": "Register saved.",
}


async def _names(deps: Deps, token: str, ids: list[str]) -> list[dict[str, str]]:
    """Facilitators by name where the volunteers service answers; by id where not."""
    named = []
    for vid in ids:
        try:
            v = await deps.apis.volunteers.call("GET", f"/volunteers/{vid}", token=token)
            person = v.get("person") or {}
            name = f"{person.get('given_name', '')} {person.get('family_name', '')}".strip()
        except ApiError:
            name = ""
        named.append({"id": vid, "name": name or f"Volunteer {vid[:8]}"})
    return named


async def group_page(
    request: Request,
    group_id: UUID,
    user: Coordinator,
    deps: Deps,
    render: Render,
    *,
    done: str = "",
    errors: dict[str, str] | None = None,
) -> Response:
    token = user.token
    group = await deps.apis.groups.call("GET", f"/groups/{group_id}", token=token)
    sessions = await deps.apis.groups.call("GET", f"/groups/{group_id}/sessions", token=token)
    places = await deps.apis.groups.call("GET", f"/groups/{group_id}/placements", token=token)
    others = await deps.apis.groups.call(
        "GET", "/groups", token=token, params={"area": group["area"]}
    )
    leaders = await _names(deps, token, group["facilitator_ids"])
    assignable = [
        v for v in await trained_volunteers(deps, token, group["area"])
        if v["id"] not in group["facilitator_ids"]
    ]  # fmt: skip
    return render.render(
        request,
        "staff/group.jinja",
        status_code=422 if errors else 200,
        title=group["name"],
        section="Groups",
        back_href="/groups",
        g=group,
        sessions=around(sessions, datetime.now(UTC)),
        places=places,
        leaders=leaders,
        errors=errors or {},
        done=DONE.get(done, ""),
        assign_items=[{"value": v["id"], "text": v.get("name") or v["id"][:8]} for v in assignable],
        move_items=[
            {"value": o["id"], "text": f"{o['name']} ({o['free_places']} free)"}
            for o in others
            if o["id"] != group["id"] and o["status"] in ("open", "full")
        ],
        leave_items=c.items(c.GROUP_LEAVE_REASONS),
    )


@router.get("/groups/{group_id}")
async def group(
    request: Request, group_id: UUID, user: Coordinator, deps: Deps, render: Render,
    done: str = "",
) -> Response:  # fmt: skip
    return await group_page(request, group_id, user, deps, render, done=done)


@router.post("/groups/{group_id}/facilitators", dependencies=[CsrfChecked])
async def assign(
    request: Request, group_id: UUID, user: Coordinator, deps: Deps, render: Render
) -> Response:
    values = await posted(request)
    try:
        await deps.apis.groups.call(
            "POST", f"/groups/{group_id}/facilitators", token=user.token,
            json={"volunteer_id": values.get("volunteer_id") or None},
        )  # fmt: skip
    except Invalid as exc:
        errors = api_errors(exc, {"volunteer_id": "volunteer_id"})
        return await group_page(request, group_id, user, deps, render, errors=errors)
    return RedirectResponse(f"/groups/{group_id}?done=assigned", status_code=303)


@router.post("/groups/{group_id}/placements/{referral_id}/{action}", dependencies=[CsrfChecked])
async def placement(
    request: Request,
    group_id: UUID,
    referral_id: UUID,
    action: str,
    user: Coordinator,
    deps: Deps,
    render: Render,
) -> Response:
    values = await posted(request)
    body: dict[str, Any] | None = None
    field = f"{action}-{referral_id}"
    if action == "leave":
        body = {"reason": values.get("reason") or None}
    elif action == "move":
        body = {"group_id": values.get("group_id") or None}
    elif action not in ("accept", "decline"):
        return RedirectResponse(f"/groups/{group_id}", status_code=303)
    try:
        await deps.apis.groups.call(
            "POST", f"/placements/{referral_id}/{action}", token=user.token, json=body
        )
    except Invalid as exc:
        errors = api_errors(exc, {"reason": field, "group_id": field, "form": field})
        return await group_page(request, group_id, user, deps, render, errors=errors)
    return RedirectResponse(f"/groups/{group_id}?done={action}", status_code=303)


@router.post("/groups/{group_id}/open", dependencies=[CsrfChecked])
async def open_group(
    request: Request, group_id: UUID, user: Coordinator, deps: Deps, render: Render
) -> Response:
    try:
        await deps.apis.groups.call("POST", f"/groups/{group_id}/open", token=user.token)
    except Invalid as exc:
        # e.g. no eligible facilitator: said beside the button that tried.
        errors = {"open-group": " ".join(api_errors(exc, {}).values())}
        return await group_page(request, group_id, user, deps, render, errors=errors)
    return RedirectResponse(f"/groups/{group_id}?done=opened", status_code=303)


@router.post("/groups/{group_id}/close", dependencies=[CsrfChecked])
async def close_group(group_id: UUID, request: Request, user: Coordinator, deps: Deps) -> Response:
    values = await posted(request)
    reason = values.get("close_reason") or "ended"
    await deps.apis.groups.call(
        "POST", f"/groups/{group_id}/close", token=user.token, json={"reason": reason}
    )
    return RedirectResponse(f"/groups/{group_id}?done=closed", status_code=303)

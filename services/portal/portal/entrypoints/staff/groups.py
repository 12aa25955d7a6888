"""`/groups`: groups with their fill and waiting list; set one up; open or close it;
and `/areas/{area}/waitlist`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from portal.adapters.api import Invalid
from portal.entrypoints.deps import Coordinator, CsrfChecked, Deps, Render
from portal.entrypoints.forms import api_errors, posted
from portal.entrypoints.staff import choices as c
from portal.service_layer.staff import group_form

router = APIRouter(include_in_schema=False)


@router.get("/groups")
async def groups(request: Request, user: Coordinator, deps: Deps, render: Render) -> Response:
    found = await deps.apis.groups.call("GET", "/groups", token=user.token)
    return render.render(
        request,
        "staff/groups.jinja",
        title="Groups",
        section="Groups",
        groups=found,
        areas=c.user_areas(user, deps.settings.areas),
    )


async def trained_volunteers(deps: Deps, token: str, area: str | None) -> list[dict[str, Any]]:
    """Volunteers who may be assigned: trained or active, in the area."""
    found: list[dict[str, Any]] = []
    for stage in ("trained", "active"):
        page = await deps.apis.volunteers.call(
            "GET", "/volunteers", token=token, params={"status": stage, "area": area, "limit": 100}
        )
        found += page["items"]
    return found


def _form(
    request: Request,
    render: Render,
    user: Coordinator,
    deps: Deps,
    volunteers: list[dict[str, Any]],
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
) -> Response:
    chosen = values.get("facilitator_id")
    return render.render(
        request,
        "staff/group_new.jinja",
        status_code=422 if errors else 200,
        title="Set up a group",
        section="Groups",
        back_href="/groups",
        values=values,
        errors=errors or {},
        anchors={"format": "format", "frequency": "frequency"},
        area_items=c.options("Choose an area", c.user_areas(user, deps.settings.areas),
                             str(values.get("area") or "")),
        weekday_items=[{"value": str(n), "text": d, "selected": str(n) == values.get("weekday")}
                       for n, d in enumerate(group_form.WEEKDAYS)],
        week_items=[{"value": "", "text": "Not monthly"}] + [
            {"value": k, "text": v, "selected": k == values.get("week_of_month")}
            for k, v in group_form.WEEKS.items()],
        facilitator_items=[{"value": "", "text": "Assign later"}] + [
            {"value": v["id"], "text": f"{v.get('name') or 'Volunteer'} ({v['area']})",
             "selected": v["id"] == chosen} for v in volunteers],
    )  # fmt: skip


@router.get("/groups/new")
async def new_group(request: Request, user: Coordinator, deps: Deps, render: Render) -> Response:
    volunteers = await trained_volunteers(deps, user.token, None)
    defaults = {"format": "in_person", "frequency": "weekly", "duration_minutes": "90",
                "capacity": "12", "start_time": "18:30"}  # fmt: skip
    return _form(request, render, user, deps, volunteers, defaults)


@router.post("/groups/new", dependencies=[CsrfChecked])
async def create_group(request: Request, user: Coordinator, deps: Deps, render: Render) -> Response:
    values = await posted(request)
    try:
        made = await deps.apis.groups.call(
            "POST", "/groups", token=user.token, json=group_form.body(values)
        )
    except Invalid as exc:
        volunteers = await trained_volunteers(deps, user.token, None)
        errors = api_errors(exc, group_form.FIELDS)
        return _form(request, render, user, deps, volunteers, values, errors)
    return RedirectResponse(f"/groups/{made['id']}?done=created", status_code=303)


@router.get("/areas/{area}/waitlist")
async def waitlist(
    request: Request, area: str, user: Coordinator, deps: Deps, render: Render
) -> Response:
    waiting = await deps.apis.groups.call("GET", f"/areas/{area}/waitlist", token=user.token)
    return render.render(
        request,
        "staff/waitlist.jinja",
        title=f"Waiting list for {area.capitalize()}",
        section="Groups",
        back_href="/groups",
        area=area,
        waiting=waiting,
    )

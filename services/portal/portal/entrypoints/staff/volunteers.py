"""`/volunteers`: the pipeline with amber and red stage flags; a volunteer's own page."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response

from portal.entrypoints.deps import Coordinator, Deps, Render
from portal.entrypoints.staff import choices as c

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 25
FLAGS = ("amber", "red")

DONE = {
    "screening": "Screening started: two references and a DBS check are requested.",
    "reference": "Reference recorded.",
    "dbs": "DBS check recorded.",
    "training": "Training started.",
    "trained": "Training recorded.",
    "supervisor": "Supervisor recorded.",
    "paused": "Volunteer paused.",
    "resumed": "Volunteer resumed.",
    "left": "Volunteer recorded as having left.",
}


@router.get("/volunteers")
async def volunteers(
    request: Request,
    user: Coordinator,
    deps: Deps,
    render: Render,
    status: Annotated[str, Query(max_length=20)] = "",
    area: Annotated[str, Query(max_length=60)] = "",
    overdue: Annotated[str, Query(max_length=10)] = "",
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
) -> Response:
    areas = c.user_areas(user, deps.settings.areas)
    filters = {
        "status": status if status in c.STAGES else "",
        "area": area if area in areas else "",
        "overdue": overdue if overdue in FLAGS else "",
    }
    found = await deps.apis.volunteers.call(
        "GET",
        "/volunteers",
        token=user.token,
        params={**filters, "limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE},
    )
    return render.render(
        request,
        "staff/volunteers.jinja",
        title="Volunteers" if page == 1 else f"Volunteers (page {page})",
        section="Volunteers",
        items=found["items"],
        total=found["total"],
        filters=filters,
        status_items=c.options("Any stage", c.STAGES, filters["status"]),
        area_items=c.options("All your areas", areas, filters["area"]),
        flag_items=c.options("Any", FLAGS, filters["overdue"]),
        pages=c.page_links("/volunteers", filters, page, PAGE_SIZE, found["total"]),
    )


async def volunteer_page(
    request: Request,
    volunteer_id: UUID,
    user: Coordinator,
    deps: Deps,
    render: Render,
    *,
    done: str = "",
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
) -> Response:
    v = await deps.apis.volunteers.call("GET", f"/volunteers/{volunteer_id}", token=user.token)
    person = v.get("person") or {}
    name = f"{person.get('given_name', '')} {person.get('family_name', '')}".strip()
    return render.render(
        request,
        "staff/volunteer.jinja",
        status_code=422 if errors else 200,
        title=name or "Volunteer",
        section="Volunteers",
        back_href="/volunteers",
        v=v,
        name=name or "Name withheld",
        done=DONE.get(done, ""),
        errors=errors or {},
        values=values or {},
        anchors={"issued_on": "issued_on-day"},
        leave_reasons=c.items(c.VOLUNTEER_LEAVE_REASONS, (values or {}).get("reason")),
        slots_due=[r["slot"] for r in v["references"] if r["status"] != "complete"],
    )


@router.get("/volunteers/{volunteer_id}")
async def volunteer(
    request: Request, volunteer_id: UUID, user: Coordinator, deps: Deps, render: Render,
    done: str = "",
) -> Response:  # fmt: skip
    return await volunteer_page(request, volunteer_id, user, deps, render, done=done)

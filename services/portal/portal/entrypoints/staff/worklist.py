"""`/worklist`: referrals to follow up, longest waiting first, with filters and pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from portal.entrypoints.deps import Coordinator, Deps, Render
from portal.entrypoints.staff.choices import SOURCES, STATUSES, options, page_links, user_areas

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 25


@router.get("/worklist")
async def worklist(
    request: Request,
    user: Coordinator,
    deps: Deps,
    render: Render,
    status: Annotated[str, Query(max_length=20)] = "",
    area: Annotated[str, Query(max_length=60)] = "",
    source: Annotated[str, Query(max_length=30)] = "",
    overdue: Annotated[str, Query(max_length=5)] = "",
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
) -> Response:
    filters = {
        "status": status if status in STATUSES else "",
        "area": area if area in user_areas(user, deps.settings.areas) else "",
        "source": source if source in SOURCES else "",
        "overdue": "true" if overdue == "true" else "",
    }
    found = await deps.apis.referrals.call(
        "GET",
        "/referrals",
        token=user.token,
        params={**filters, "sort": "longest_waiting", "limit": PAGE_SIZE,
                "offset": (page - 1) * PAGE_SIZE},
    )  # fmt: skip
    return render.render(
        request,
        "staff/worklist.jinja",
        title="Worklist" if page == 1 else f"Worklist (page {page})",
        section="Referrals",
        items=found["items"],
        total=found["total"],
        filters=filters,
        status_items=options("Any status", STATUSES, filters["status"]),
        area_items=options(
            "All your areas", user_areas(user, deps.settings.areas), filters["area"]
        ),
        source_items=options("Any source", SOURCES, filters["source"]),
        pages=page_links("/worklist", filters, page, PAGE_SIZE, found["total"]),
    )

"""`/practice/referrals`: the practice's own referrals, with status and outcome."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from portal.entrypoints.deps import Deps, Referrer, Render
from portal.service_layer.practice import STATUS_COLOURS

router = APIRouter(include_in_schema=False)

PAGE = 20
REFERENCE = re.compile(r"^T2T-[A-Z0-9]{6}$")


@router.get("/practice/referrals")
async def referrals(
    request: Request,
    user: Referrer,
    deps: Deps,
    render: Render,
    page: Annotated[int, Query(ge=1, le=1000)] = 1,
    sent: str | None = None,
) -> Response:
    found = await deps.apis.referrals.call(
        "GET",
        "/practice/referrals",
        token=user.token,
        params={"limit": PAGE, "offset": (page - 1) * PAGE},
    )
    pages = max(1, -(-int(found["total"]) // PAGE))
    return render.render(
        request,
        "practice/referrals.jinja",
        title="Your referrals",
        section="Practice",
        items=found["items"],
        total=found["total"],
        page=page,
        pages=pages,
        sent=sent if sent and REFERENCE.match(sent) else None,
        colours=STATUS_COLOURS,
        ods_code=user.principal.ods_code,
    )

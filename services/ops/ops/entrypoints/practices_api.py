"""Practice engagement: which practices refer, which lapsed, which never did. Aggregates only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query

from ops.domain.practices import EngagementStatus
from ops.entrypoints import practices_schemas as ps
from ops.entrypoints.deps import Deps, unprocessable
from t2t_shared.auth import Principal
from t2t_shared.http.errors import STANDARD_ERRORS, Problem
from t2t_shared.http.security import require_area, require_roles

router = APIRouter(prefix="/api/practices", tags=["practices"], responses=STANDARD_ERRORS)

Reader = Annotated[Principal, Depends(require_roles("ops", "admin", "coordinator", "commissioner"))]
ODS_CODE = Path(pattern=r"^[A-Z0-9]{3,10}$", examples=["B82005"])


@router.get(
    "",
    response_model=list[ps.PracticeSummaryPublic],
    summary="The area's practices and how they refer: never, lapsed (none in 90 days) or active",
)
async def practices(
    principal: Reader,
    deps: Deps,
    area: str = Query(..., examples=["leeds"]),
    status: EngagementStatus | None = Query(None, examples=["never"]),
) -> list[ps.PracticeSummaryPublic]:
    if not deps.settings.known_area(area):
        raise unprocessable("area", f"unknown area '{area}'")
    require_area(principal, area)
    found = await deps.practices.practices(area=area, status=status)
    return [ps.PracticeSummaryPublic.model_validate(s) for s in found]


@router.get(
    "/{ods_code}",
    response_model=ps.PracticeEngagementPublic,
    summary="One practice: referrals by month, conversion, time to first contact, outreach effect",
    responses={404: {"model": Problem, "description": "No such practice in the register"}},
)
async def practice(
    principal: Reader, deps: Deps, ods_code: Annotated[str, ODS_CODE]
) -> ps.PracticeEngagementPublic:
    found = await deps.practices.practice(ods_code)
    if found is None or found.summary.area is None:
        raise HTTPException(404, f"No practice '{ods_code}' in the register")
    require_area(principal, found.summary.area)
    return ps.PracticeEngagementPublic.model_validate(found)

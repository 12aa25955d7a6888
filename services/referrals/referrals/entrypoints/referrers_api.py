"""The commissioners' referrer report: every practice and its referrals over a period."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from referrals.entrypoints.deps import Deps, invalid, scope
from referrals.entrypoints.referrers_schemas import ReferrerCountPublic
from referrals.service_layer import worklist as reads
from t2t_shared.auth import Principal
from t2t_shared.http.errors import STANDARD_ERRORS
from t2t_shared.http.security import require_roles
from t2t_shared.http.types import StrictDate

router = APIRouter(tags=["worklist"], responses=STANDARD_ERRORS)

Viewer = Annotated[Principal, Depends(require_roles("coordinator", "ops", "admin"))]


@router.get(
    "/referrers",
    response_model=list[ReferrerCountPublic],
    summary="Referring practices and their referral counts over a period",
    description=(
        "Every known practice (ODS code, name, area), including those with no referral in "
        "the period, most referrals first. `from` and `to` are UK local days, inclusive. "
        "Coordinators see the practices of their areas."
    ),
)
async def referrers(
    principal: Viewer,
    deps: Deps,
    start: Annotated[StrictDate, Query(alias="from", examples=["2026-01-01"])],
    end: Annotated[StrictDate, Query(alias="to", examples=["2026-03-31"])],
) -> list[ReferrerCountPublic]:
    if end < start:
        raise invalid("to", "to is before from")
    counts = await reads.referrer_counts(scope(principal), start, end, deps.uow())
    return [
        ReferrerCountPublic(
            referrer_id=c.referrer.id,
            ods_code=c.referrer.ods_code,
            name=c.referrer.name,
            area=c.referrer.area,
            referrals=c.referrals,
        )
        for c in counts
    ]

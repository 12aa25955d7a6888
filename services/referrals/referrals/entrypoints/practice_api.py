"""A GP practice's own referrals: what it sent, with status and outcome."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query

from referrals.domain.queries import WorklistQuery
from referrals.entrypoints.deps import Deps, scope
from referrals.entrypoints.referrals_schemas import ReferralPublic
from referrals.entrypoints.worklist_schemas import WorklistItem, WorklistPublic
from referrals.service_layer import worklist as reads
from t2t_shared.auth import Principal
from t2t_shared.http.errors import STANDARD_ERRORS
from t2t_shared.http.security import require_roles

router = APIRouter(tags=["practice"], responses=STANDARD_ERRORS)

Practice = Annotated[Principal, Depends(require_roles("referrer"))]


@router.get(
    "/practice/referrals",
    response_model=WorklistPublic,
    summary="The calling practice's own referrals, newest first",
    description=(
        "Role `referrer` only: the referrals sent from the token's own ODS code in its "
        "areas, with status and outcome and the person's details (the practice sent them)."
    ),
)
async def practice_referrals(
    principal: Practice,
    deps: Deps,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> WorklistPublic:
    if not principal.ods_code:
        raise HTTPException(403, "A referrer token must carry the practice's ODS code")
    query = WorklistQuery(
        areas=scope(principal),
        ods_code=principal.ods_code,
        longest_waiting_first=False,
        limit=limit,
        offset=offset,
    )
    result = await reads.worklist(query, deps.uow(), deps.policy)
    return WorklistPublic(
        items=[
            WorklistItem(
                referral=ReferralPublic.of(e.referral, with_person=True),
                waiting_working_days=e.waiting_working_days,
                overdue=e.overdue,
            )
            for e in result.entries
        ],
        total=result.total,
        limit=limit,
        offset=offset,
    )

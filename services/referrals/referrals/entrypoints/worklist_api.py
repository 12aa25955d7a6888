"""The coordinators' worklist: referrals to follow up, filtered and in order."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query

from referrals.domain.codes import Source, Status
from referrals.domain.queries import WorklistQuery
from referrals.domain.validation import normalise_ods_code
from referrals.entrypoints.deps import Deps, invalid, scope
from referrals.entrypoints.referrals_schemas import ReferralPublic
from referrals.entrypoints.worklist_schemas import WorklistItem, WorklistPublic
from referrals.service_layer import worklist as reads
from t2t_shared.auth import Principal
from t2t_shared.http.errors import STANDARD_ERRORS
from t2t_shared.http.security import require_area, require_roles
from t2t_shared.http.types import MAX_OFFSET, StrictDate

router = APIRouter(tags=["worklist"], responses=STANDARD_ERRORS)

Viewer = Annotated[Principal, Depends(require_roles("coordinator", "ops", "admin"))]


@router.get(
    "/referrals",
    response_model=WorklistPublic,
    summary="The worklist: referrals to follow up, longest waiting first",
    description=(
        "Filters combine. `overdue=true` lists referrals still waiting for first contact "
        "longer than the contact target (working days, England and Wales bank holidays "
        "excluded). Dates are UK local days, inclusive. Coordinators see their areas with "
        "the person's details; `ops` and `admin` see every area without personal details."
    ),
)
async def list_referrals(
    principal: Viewer,
    deps: Deps,
    status: Status | None = None,
    area: str | None = None,
    source: Source | None = None,
    ods_code: Annotated[
        str | None, Query(pattern=r"^\s*[A-Za-z0-9]{3,6}\s*$", examples=["B82005"])
    ] = None,
    received_from: Annotated[StrictDate | None, Query(examples=["2026-03-01"])] = None,
    received_to: Annotated[StrictDate | None, Query(examples=["2026-03-31"])] = None,
    overdue: bool | None = None,
    sort: Literal["longest_waiting", "newest"] = "longest_waiting",
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> WorklistPublic:
    areas = scope(principal)
    if area is not None:
        require_area(principal, area)
        areas = (area,)
    if received_from and received_to and received_to < received_from:
        raise invalid("received_to", "received_to is before received_from")
    ods = _ods(ods_code)
    start, end = reads.received_between(received_from, received_to)
    query = WorklistQuery(
        areas=areas,
        status=status,
        source=source,
        ods_code=ods,
        received_from=start,
        received_before=end,
        overdue=overdue,
        longest_waiting_first=sort == "longest_waiting",
        limit=limit,
        offset=offset,
    )
    result = await reads.worklist(query, deps.uow(), deps.policy)
    personal = principal.role == "coordinator"
    return WorklistPublic(
        items=[
            WorklistItem(
                referral=ReferralPublic.of(
                    e.referral, with_person=personal, with_duplicates=personal
                ),
                waiting_working_days=e.waiting_working_days,
                overdue=e.overdue,
            )
            for e in result.entries
        ],
        total=result.total,
        limit=limit,
        offset=offset,
    )


def _ods(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return normalise_ods_code(value)
    except ValueError as exc:
        raise invalid("ods_code", str(exc)) from exc

"""Erasure of a person's data on request (UK GDPR article 17)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, HTTPException

from referrals.domain.erasure import Requester
from referrals.entrypoints.deps import Deps
from referrals.entrypoints.people_schemas import ErasurePublic
from referrals.service_layer import erasure
from referrals.service_layer.policy import NotFound
from t2t_shared.auth import Principal
from t2t_shared.http.errors import STANDARD_ERRORS, Problem
from t2t_shared.http.security import require_roles

router = APIRouter(tags=["people"], responses=STANDARD_ERRORS)

Admin = Annotated[Principal, Depends(require_roles("admin"))]


@router.delete(
    "/people/{person_id}",
    response_model=ErasurePublic,
    summary="Erase a person's personal data, in every referral of theirs",
    description=(
        "Finds every person record linked to this one (the same NHS number, or the same "
        "given and family name, date of birth and postcode, in any area, followed from each "
        "record found) and, in one transaction: closes their open referrals "
        "(`ReferralClosed`, outcome `other`, `erased: true`: groups cancels their "
        "placements); deletes names, NHS number, date of birth, contact details, full "
        "postcode, the free-text notes and comments, and the duplicate flags; blanks the "
        "copies of their contact records in the outbox (published or not); publishes a "
        "tombstone under each person id on `t2t.referrals.contacts` (notifications deletes "
        "its copy and cancels pending sends); and records who asked, when and the counts "
        "(never the data) in the audit table. The anonymised referrals stay (area, source, "
        "postcode district, age band, statuses and times) for the statistics. The answer "
        "says what was erased where. Calling it again answers 200 with nothing new; an id "
        "never seen answers 404. Role: `admin`."
    ),
    responses={404: {"model": Problem, "description": "No referral was ever for this person"}},
)
async def erase_person(person_id: UUID, principal: Admin, deps: Deps) -> ErasurePublic:
    requester = Requester(subject=principal.subject, role=principal.role)
    try:
        report = await erasure.erase_person(
            person_id, requester, deps.uow(), deps.topics, deps.policy
        )
    except NotFound as exc:
        raise HTTPException(404, "No person with this id") from exc
    return ErasurePublic.of(report, deps.topics)

"""Erasure of a person's data on request (UK GDPR article 17)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, HTTPException, Response

from referrals.entrypoints.deps import Deps
from referrals.service_layer import erasure
from referrals.service_layer.policy import NotFound
from t2t_shared.auth import Principal
from t2t_shared.http.errors import STANDARD_ERRORS, Problem
from t2t_shared.http.security import require_roles

router = APIRouter(tags=["people"], responses=STANDARD_ERRORS)

Admin = Annotated[Principal, Depends(require_roles("admin"))]


@router.delete(
    "/people/{person_id}",
    status_code=204,
    summary="Erase a person's personal data",
    description=(
        "Deletes names, NHS number, date of birth, contact details, full postcode and the "
        "free-text notes and comments of the person's referrals, and publishes a tombstone "
        "under the person's id on `t2t.referrals.contacts` (notifications deletes its copy). "
        "The anonymised referrals stay (area, source, postcode district, age band, statuses "
        "and times) for the statistics. Calling it again for an erased person answers 204 "
        "and publishes nothing; an id never seen answers 404. Role: `admin`."
    ),
    responses={404: {"model": Problem, "description": "No referral was ever for this person"}},
)
async def erase_person(person_id: UUID, _: Admin, deps: Deps) -> Response:
    try:
        await erasure.erase_person(person_id, deps.uow(), deps.topics, deps.policy)
    except NotFound as exc:
        raise HTTPException(404, "No person with this id") from exc
    return Response(status_code=204)

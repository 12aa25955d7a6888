"""HTTP routes: translate requests into commands and results into responses, nothing more."""

from __future__ import annotations

import hashlib
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Header, HTTPException, Request, Response

from referrals.bootstrap import Container
from referrals.domain.commands import PersonDetails, ReceiveReferral, ReferrerDetails
from referrals.domain.model import Referral
from referrals.entrypoints.schemas import ReferralCreate, ReferralPublic
from referrals.service_layer import handlers
from t2t_shared.auth import Principal
from t2t_shared.http.errors import STANDARD_ERRORS, Problem
from t2t_shared.http.security import require_area, require_roles

router = APIRouter(tags=["referrals"], responses=STANDARD_ERRORS)

Submitter = Annotated[Principal, Depends(require_roles("referrer", "coordinator", "admin"))]
Reader = Annotated[Principal, Depends(require_roles("referrer", "coordinator", "ops", "admin"))]


async def container(request: Request) -> Container:
    return request.app.state.container  # type: ignore[no-any-return]


Deps = Annotated[Container, Depends(container)]


@router.post(
    "/referrals",
    status_code=201,
    response_model=ReferralPublic,
    summary="Refer a person with type 2 diabetes to peer support",
    description=(
        "Records the referral and, in the same transaction, `ReferralReceived` (no personal "
        "data) and the person's and practice's contact records. The person is acknowledged "
        "by their preferred channel if they consented; the practice gets a receipt.\n\n"
        "Roles: `referrer` (only for its own ODS code and areas), `coordinator` (its areas), "
        "`admin`. A GP referral needs `referrer`. Send an `Idempotency-Key` so that a retried "
        "POST returns the referral already made instead of a second one."
    ),
    responses={
        200: {
            "model": ReferralPublic,
            "description": "A retry with the same Idempotency-Key: the referral already made",
        },
        201: {"description": "The referral was recorded"},
        409: {"model": Problem, "description": "Idempotency-Key reused with a different body"},
    },
)
async def create_referral(
    body: ReferralCreate,
    principal: Submitter,
    deps: Deps,
    response: Response,
    idempotency_key: Annotated[
        str | None,
        Header(max_length=200, description="Makes a retried POST return the same referral"),
    ] = None,
) -> ReferralPublic:
    _check_submission(body, principal, deps.settings.areas)
    command = _command(body, principal, idempotency_key)
    try:
        result = await handlers.receive_referral(command, deps.uow(), deps.topics)
    except handlers.IdempotencyKeyReused as exc:
        raise HTTPException(409, "This Idempotency-Key was used with a different request") from exc
    if not result.created:
        response.status_code = 200
    return ReferralPublic.of(result.referral, with_person=True)


@router.get(
    "/referrals/{referral_id}",
    response_model=ReferralPublic,
    summary="One referral, within the caller's scope",
    description=(
        "Coordinators see referrals of their areas, referrers those of their own ODS code, "
        "`ops` and `admin` all; `ops` sees no personal details (`person` is null)."
    ),
    responses={404: {"model": Problem, "description": "No referral with this id"}},
)
async def read_referral(referral_id: UUID, principal: Reader, deps: Deps) -> ReferralPublic:
    try:
        referral = await handlers.get_referral(referral_id, deps.uow())
    except handlers.NotFound as exc:
        raise HTTPException(404, "No referral with this id") from exc
    _check_scope(principal, referral)
    return ReferralPublic.of(referral, with_person=principal.role != "ops")


def _check_submission(body: ReferralCreate, principal: Principal, areas: tuple[str, ...]) -> None:
    if body.area not in areas:
        reason = f"unknown area '{body.area}'; this deployment has: {', '.join(areas)}"
        raise HTTPException(
            422,
            {
                "detail": "The request is not valid",
                "errors": [{"field": "area", "reason": reason, "type": "unknown_area"}],
            },
        )
    require_area(principal, body.area)
    own_practice = body.referrer is not None and body.referrer.ods_code == principal.ods_code
    if principal.role == "referrer" and not own_practice:
        raise HTTPException(403, "A referrer token may only refer from its own ODS code")


def _check_scope(principal: Principal, referral: Referral) -> None:
    require_area(principal, referral.area)
    if principal.role == "referrer":
        ods = referral.referrer.ods_code if referral.referrer else None
        if ods != principal.ods_code:
            raise HTTPException(403, "This referral was made by another organisation")


def _command(body: ReferralCreate, principal: Principal, key: str | None) -> ReceiveReferral:
    p = body.person
    return ReceiveReferral(
        source=body.source,
        area=body.area,
        person=PersonDetails(
            given_name=p.given_name,
            family_name=p.family_name,
            date_of_birth=p.date_of_birth,
            postcode=p.postcode,
            nhs_number=p.nhs_number,
            email=p.email,
            mobile=p.mobile,
            preferred_channel=p.preferred_channel,
        ),
        consent_to_contact=body.consent.contact,
        referrer=ReferrerDetails(body.referrer.ods_code, body.referrer.name, body.referrer.email)
        if body.referrer
        else None,
        notes=body.notes,
        caller=principal.subject,
        idempotency_key=key,
        request_hash=hashlib.sha256(body.model_dump_json().encode()).hexdigest() if key else None,
    )

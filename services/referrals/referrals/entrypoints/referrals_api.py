"""Referrals over HTTP: a practice's or coordinator's referral, and reading one back."""

from __future__ import annotations

import hashlib
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Header, HTTPException, Response
from pydantic import BaseModel

from referrals.domain.commands import PersonDetails, ReceiveReferral, ReferrerDetails
from referrals.domain.model import Referral
from referrals.entrypoints.deps import Deps, invalid
from referrals.entrypoints.people_schemas import PersonIn
from referrals.entrypoints.referrals_schemas import (
    DuplicateConflict,
    ReferralCreate,
    ReferralPublic,
)
from referrals.service_layer import handlers
from t2t_shared.auth import Principal
from t2t_shared.http.errors import STANDARD_ERRORS, Problem
from t2t_shared.http.idempotency import key_reused
from t2t_shared.http.security import require_area, require_roles

router = APIRouter(tags=["referrals"], responses=STANDARD_ERRORS)

Submitter = Annotated[Principal, Depends(require_roles("referrer", "coordinator", "admin"))]
Reader = Annotated[Principal, Depends(require_roles("referrer", "coordinator", "ops", "admin"))]

DUPLICATE: dict[int | str, dict[str, Any]] = {
    409: {
        "model": DuplicateConflict,
        "description": "The person already has an open referral in this area (its id is given)",
    }
}


@router.post(
    "/referrals",
    status_code=201,
    response_model=ReferralPublic,
    summary="Refer a person with type 2 diabetes to peer support",
    description=(
        "Records the referral and, in the same transaction, `ReferralReceived` (no personal "
        "data) and the person's and practice's contact records. The person is acknowledged "
        "by their preferred channel if they consented; the practice gets a receipt at the "
        "receipt email the register holds for it.\n\n"
        "`referrer.ods_code` must be a practice of the register that is not closed (422 "
        "otherwise, naming the field). The practice's name and email come from the "
        "register: `referrer.name` and `referrer.email` are accepted for older clients and "
        "ignored.\n\n"
        "Roles: `referrer` (only for its own ODS code and areas), `coordinator` (its areas), "
        "`admin`. A GP referral needs `referrer`. Send an `Idempotency-Key` so that a retried "
        "POST returns the referral already made instead of a second one.\n\n"
        "A coordinator records a referral taken by phone with `source` `self` or "
        "`community`. An open referral for the same person in the same area (same NHS "
        "number, or same name, date of birth and postcode) answers 409 with its id, unless "
        "it is a self-referral: then this referral is recorded and both are flagged as "
        "possible duplicates (`possible_duplicates`) for a coordinator to review."
    ),
    responses={
        200: {
            "model": ReferralPublic,
            "description": "A retry with the same Idempotency-Key: the referral already made",
        },
        201: {"description": "The referral was recorded"},
        **DUPLICATE,
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
    result = await receive(command, deps)
    if not result.created:
        response.status_code = 200
    return ReferralPublic.of(
        result.referral, with_person=True, with_duplicates=principal.role != "referrer"
    )


async def receive(command: ReceiveReferral, deps: Deps) -> handlers.Received:
    try:
        return await handlers.receive_referral(
            command,
            deps.uow(),
            deps.topics,
            clock=deps.policy.clock,
            publish_v1=deps.settings.publish_deprecated_events,
        )
    except handlers.UnknownPractice as exc:
        raise invalid(
            "referrer.ods_code", "not a GP practice in the practice register", "unknown_practice"
        ) from exc
    except handlers.ClosedPractice as exc:
        raise invalid(
            "referrer.ods_code",
            "the practice is closed in the practice register",
            "closed_practice",
        ) from exc
    except handlers.IdempotencyKeyReused as exc:
        raise key_reused() from exc
    except handlers.DuplicateReferral as exc:
        raise HTTPException(
            409,
            {
                "detail": "This person already has an open referral in this area",
                "existing_referral_id": str(exc.existing_id),
            },
        ) from exc


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
    return ReferralPublic.of(
        referral,
        with_person=principal.role != "ops",
        with_duplicates=principal.role in ("coordinator", "admin"),
    )


def check_area(area: str, areas: tuple[str, ...]) -> None:
    if area not in areas:
        reason = f"unknown area '{area}'; this deployment has: {', '.join(areas)}"
        raise invalid("area", reason, "unknown_area")


def _check_submission(body: ReferralCreate, principal: Principal, areas: tuple[str, ...]) -> None:
    check_area(body.area, areas)
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


def person_details(p: PersonIn) -> PersonDetails:
    return PersonDetails(
        given_name=p.given_name,
        family_name=p.family_name,
        date_of_birth=p.date_of_birth,
        postcode=p.postcode,
        nhs_number=p.nhs_number,
        email=p.email,
        mobile=p.mobile,
        preferred_channel=p.preferred_channel,
    )


def request_hash(body: BaseModel) -> str:
    return hashlib.sha256(body.model_dump_json().encode()).hexdigest()


def _command(body: ReferralCreate, principal: Principal, key: str | None) -> ReceiveReferral:
    return ReceiveReferral(
        source=body.source,
        area=body.area,
        person=person_details(body.person),
        consent_to_contact=body.consent.contact,
        referrer=ReferrerDetails(body.referrer.ods_code) if body.referrer else None,
        notes=body.notes,
        format_preference=body.format_preference,
        caller=principal.subject,
        idempotency_key=key,
        request_hash=request_hash(body) if key else None,
    )

"""The public self-referral form: no token, rate limited, never disclosing another referral."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request, Response

from referrals.domain.codes import Source
from referrals.domain.commands import ReceiveReferral
from referrals.entrypoints.deps import Deps
from referrals.entrypoints.referrals_api import check_area, person_details, receive, request_hash
from referrals.entrypoints.referrals_schemas import ReferralPublic
from referrals.entrypoints.self_referrals_schemas import SelfReferralCreate
from referrals.service_layer import handlers
from t2t_shared.http.errors import STANDARD_ERRORS, Problem
from t2t_shared.http.ratelimit import client_address, rate_limited
from t2t_shared.http.security import Public

# The public form has no token: only the validation answer of the standard ones applies.
router = APIRouter(tags=["referrals"], responses={422: STANDARD_ERRORS[422]}, dependencies=[Public])


async def self_referral_limit(request: Request) -> None:
    """Per client address, at the rate the settings give (429 with Retry-After beyond it)."""
    buckets = request.app.state.container.self_referral_limit
    await rate_limited(buckets, client_address)(request)


@router.post(
    "/self-referrals",
    status_code=201,
    response_model=ReferralPublic,
    summary="Refer yourself to peer support (public form, no token)",
    description=(
        "The public self-referral form posts here. No token; rate limited per client "
        "address (429 with `Retry-After`). Validated like a referral; consent to contact "
        "is required. Answers with the reference code to quote; the person's details are "
        "not echoed back. It never discloses another referral: for someone who already has "
        "an open referral in the area (same NHS number, or same name, date of birth and "
        "postcode) it answers exactly as for anyone else (201, a new referral of their "
        "own), and both referrals are flagged to coordinators as possible duplicates. "
        "Send an `Idempotency-Key` (the portal sends one per form) so that the same form "
        "sent twice answers the first referral again (200)."
    ),
    responses={
        200: {
            "model": ReferralPublic,
            "description": "The same form sent again (same Idempotency-Key): the referral "
            "already made",
        },
        201: {"description": "The referral was recorded"},
        409: {
            "model": Problem,
            "description": "The Idempotency-Key was reused with a different body",
        },
        429: {"model": Problem, "description": "Too many requests from this address"},
    },
    dependencies=[Depends(self_referral_limit)],
)
async def create_self_referral(
    body: SelfReferralCreate,
    deps: Deps,
    response: Response,
    idempotency_key: Annotated[
        str | None,
        Header(
            max_length=200,
            description="The form's own key: sending the same form twice makes one referral",
        ),
    ] = None,
) -> ReferralPublic:
    check_area(body.area, deps.settings.areas)
    command = ReceiveReferral(
        source=Source.SELF,
        area=body.area,
        person=person_details(body.person),
        consent_to_contact=body.consent.contact,
        notes=body.notes,
        format_preference=body.format_preference,
        caller=handlers.ANONYMOUS,
        idempotency_key=idempotency_key,
        request_hash=request_hash(body) if idempotency_key else None,
    )
    result = await receive(command, deps)
    if not result.created:
        response.status_code = 200
    return ReferralPublic.of(result.referral, with_person=False)

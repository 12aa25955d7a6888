"""Coordinators' triage and follow-up routes: thin translations onto `service_layer.triage`."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends

from referrals.domain.commands import (
    AcceptReferral,
    CloseReferral,
    RecordContactAttempt,
    RejectReferral,
)
from referrals.entrypoints.deps import NOT_FOUND, TRANSITION, Deps, journey_errors, scope
from referrals.entrypoints.referrals_schemas import ReferralPublic
from referrals.entrypoints.triage_schemas import (
    AttemptBody,
    AttemptPublic,
    AttemptRecorded,
    CloseBody,
    RejectBody,
)
from referrals.service_layer import triage, worklist
from t2t_shared.auth import Principal
from t2t_shared.http.errors import STANDARD_ERRORS
from t2t_shared.http.security import require_roles

router = APIRouter(tags=["triage"], responses={**STANDARD_ERRORS, **NOT_FOUND})

Coordinator = Annotated[Principal, Depends(require_roles("coordinator", "admin"))]
Viewer = Annotated[Principal, Depends(require_roles("coordinator", "ops", "admin"))]
ROLES = "\n\nRoles: `coordinator` (referrals of its areas), `admin`."


@router.post(
    "/referrals/{referral_id}/accept",
    responses=TRANSITION,
    response_model=ReferralPublic,
    summary="Accept a received referral (triage in)",
    description="received → accepted; publishes `ReferralAccepted`, on which groups offers "
    "the person a place. 409 with `current_status` from any other status." + ROLES,
)
async def accept(referral_id: UUID, principal: Coordinator, deps: Deps) -> ReferralPublic:
    with journey_errors():
        referral = await triage.accept(
            AcceptReferral(referral_id, scope(principal)), deps.uow(), deps.topics, deps.policy
        )
    return ReferralPublic.of(referral, with_person=True, with_duplicates=True)


@router.post(
    "/referrals/{referral_id}/reject",
    responses=TRANSITION,
    response_model=ReferralPublic,
    summary="Reject a received referral with a coded reason",
    description="received → rejected; publishes `ReferralRejected` with the reason (the "
    "comment stays here: it may name the person). `other` needs a comment." + ROLES,
)
async def reject(
    referral_id: UUID, body: RejectBody, principal: Coordinator, deps: Deps
) -> ReferralPublic:
    cmd = RejectReferral(referral_id, scope(principal), body.reason, body.comment)
    with journey_errors():
        referral = await triage.reject(cmd, deps.uow(), deps.topics, deps.policy)
    return ReferralPublic.of(referral, with_person=True, with_duplicates=True)


@router.post(
    "/referrals/{referral_id}/contact-attempts",
    responses=TRANSITION,
    status_code=201,
    response_model=AttemptRecorded,
    summary="Record one try to reach the person",
    description="Publishes `ContactAttempted`. The first `reached` (the referral must be "
    "accepted) moves it to contacted and publishes `ReferralContacted` with the time to "
    "first contact. After the configured number of failed attempts without contact the "
    "referral closes as `unreachable` (`ReferralClosed`)." + ROLES,
)
async def contact_attempt(
    referral_id: UUID, body: AttemptBody, principal: Coordinator, deps: Deps
) -> AttemptRecorded:
    cmd = RecordContactAttempt(referral_id, scope(principal), body.channel, body.outcome, body.note)
    with journey_errors():
        referral, result = await triage.record_attempt(cmd, deps.uow(), deps.topics, deps.policy)
    return AttemptRecorded(
        attempt=AttemptPublic.of(result.attempt),
        referral=ReferralPublic.of(referral, with_person=True, with_duplicates=True),
        first_contact=result.first_contact,
        closed_unreachable=result.closed_unreachable,
    )


@router.post(
    "/referrals/{referral_id}/close",
    responses=TRANSITION,
    response_model=ReferralPublic,
    summary="Close an open referral with a coded outcome",
    description="Any open status → closed; publishes `ReferralClosed`. `other` needs a "
    "comment." + ROLES,
)
async def close(
    referral_id: UUID, body: CloseBody, principal: Coordinator, deps: Deps
) -> ReferralPublic:
    cmd = CloseReferral(referral_id, scope(principal), body.outcome, body.comment)
    with journey_errors():
        referral = await triage.close(cmd, deps.uow(), deps.topics, deps.policy)
    return ReferralPublic.of(referral, with_person=True, with_duplicates=True)


@router.get(
    "/referrals/{referral_id}/contact-attempts",
    response_model=list[AttemptPublic],
    summary="Every try to reach the person, oldest first",
    description="Coordinators' and failed notifications' attempts. The free-text `note` is "
    "shown to coordinators and admins, not to `ops`.",
)
async def list_contact_attempts(
    referral_id: UUID, principal: Viewer, deps: Deps
) -> list[AttemptPublic]:
    with journey_errors():
        attempts = await worklist.contact_attempts(referral_id, scope(principal), deps.uow())
    return [AttemptPublic.of(a, with_note=principal.role != "ops") for a in attempts]

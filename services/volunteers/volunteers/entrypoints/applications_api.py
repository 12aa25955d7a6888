"""The public application form: no token, rate limited per address."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from t2t_shared.http.errors import ValidationProblem
from t2t_shared.http.ratelimit import rate_limited
from t2t_shared.http.security import Public
from volunteers.domain.commands import Apply
from volunteers.domain.people import Applicant
from volunteers.entrypoints.applications_schemas import ApplicationCreate, ApplicationReceived
from volunteers.entrypoints.deps import Deps, domain_errors, invalid
from volunteers.service_layer import applications

router = APIRouter(tags=["applications"], dependencies=[Public])


async def limit(request: Request, deps: Deps) -> None:
    await rate_limited(deps.applications_limit)(request)


@router.post(
    "/applications",
    status_code=201,
    response_model=ApplicationReceived,
    dependencies=[Depends(limit)],
    summary="Apply to become a volunteer facilitator",
    description=(
        "The public form, no token needed. Facilitators live with type 2 diabetes "
        "themselves: an application without that lived experience is answered 422 with the "
        "reason. Records the application and, in the same transaction, `VolunteerApplied` "
        "(no personal data) and the contact record on the restricted contacts topic. "
        "Rate limited per address: 429 with `Retry-After` beyond it."
    ),
    responses={
        422: {"model": ValidationProblem, "description": "Each invalid field and why"},
        429: {"description": "Too many applications from this address; see Retry-After"},
    },
)
async def apply(body: ApplicationCreate, deps: Deps) -> ApplicationReceived:
    areas = deps.settings.areas
    if body.area not in areas:
        raise invalid(
            "area",
            f"unknown area '{body.area}'; this deployment has: {', '.join(areas)}",
            "unknown_area",
        )
    command = Apply(
        area=body.area,
        applicant=Applicant(
            given_name=body.given_name,
            family_name=body.family_name,
            email=body.email,
            mobile=body.mobile,
            preferred_channel=body.preferred_channel,
            consent_to_contact=body.consent_to_contact,
            motivation=body.motivation,
        ),
        lived_experience=body.lived_experience,
        availability=body.slots(),
    )
    async with domain_errors():
        volunteer = await applications.apply(command, deps.uow(), deps.topics, deps.clock)
    return ApplicationReceived(
        volunteer_id=volunteer.id,
        status=volunteer.stage,
        applied_at=volunteer.applied_at,
        message="Thank you for applying. A coordinator will be in touch about the next steps.",
    )

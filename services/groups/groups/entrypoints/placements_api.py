"""HTTP routes of placements and waiting lists: coordinators act on the person's behalf."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from groups.entrypoints.deps import ILLEGAL, Coordinator, Deps, Reader, known_area, not_found
from groups.entrypoints.deps import area_check as check
from groups.entrypoints.placement_schemas import LeaveIn, MoveIn, PlacementPublic, WaitingPublic
from groups.service_layer import placements
from t2t_shared.http.errors import STANDARD_ERRORS
from t2t_shared.http.security import require_area

router = APIRouter(tags=["placements"], responses=STANDARD_ERRORS)

NOT_FOUND = not_found("No placement for this referral")
RESPONSES = {**NOT_FOUND, **ILLEGAL}

PLACEMENT_RULES = """
**How a person is placed.** When referrals accepts a referral, groups offers the best open
group of the person's area that has a free place: in person, the nearest by distance from
the centre of the person's postcode district to the venue's postcode; online groups have no
distance. A person who prefers online is offered only online groups, one who prefers in
person only in-person groups; with no preference the nearest in-person group comes first,
then online. An offer holds the place (it counts against capacity) until it is accepted,
declined, or expires (7 days by default).

**The waiting list.** With no suitable free place the person joins the area's waiting list,
ordered by when they were referred (first referred, first offered). When a place frees (a
member leaves, an offer is declined or expires, capacity rises, a group opens) it is offered
at once to the first person on the list whose format preference fits the group.
"""


@router.get(
    "/placements/{referral_id}",
    response_model=PlacementPublic,
    summary="Where a referred person stands: waiting, offered, member, or gone",
    description=PLACEMENT_RULES,
    responses=NOT_FOUND,
)
async def read_placement(referral_id: UUID, principal: Reader, deps: Deps) -> PlacementPublic:
    return PlacementPublic.of(await placements.get(referral_id, deps.uow(), check(principal)))


@router.post(
    "/placements/{referral_id}/accept",
    response_model=PlacementPublic,
    summary="The person accepts the place offered",
    description="Offered → member: publishes `MemberJoined`. 409 unless an offer is open.",
    responses=RESPONSES,
)
async def accept(referral_id: UUID, principal: Coordinator, deps: Deps) -> PlacementPublic:
    done = await placements.accept(referral_id, deps.uow(), deps.ctx, check(principal))
    return PlacementPublic.of(done)


@router.post(
    "/placements/{referral_id}/decline",
    response_model=PlacementPublic,
    summary="The person declines the place: it passes to the waiting list",
    description="Publishes `OfferDeclined`, then `PlaceOffered` to the next person who fits.",
    responses=RESPONSES,
)
async def decline(referral_id: UUID, principal: Coordinator, deps: Deps) -> PlacementPublic:
    done = await placements.decline(referral_id, deps.uow(), deps.ctx, check(principal))
    return PlacementPublic.of(done)


@router.post(
    "/placements/{referral_id}/leave",
    response_model=PlacementPublic,
    summary="A member leaves, with a coded reason: the place passes on",
    description="Publishes `MemberLeft`, then `PlaceOffered` to the next person who fits.",
    responses=RESPONSES,
)
async def leave(
    referral_id: UUID, body: LeaveIn, principal: Coordinator, deps: Deps
) -> PlacementPublic:
    done = await placements.leave(referral_id, body.reason, deps.uow(), deps.ctx, check(principal))
    return PlacementPublic.of(done)


@router.post(
    "/placements/{referral_id}/move",
    response_model=PlacementPublic,
    summary="Move a member (or a held offer) to another group of the area",
    description=(
        "The target needs a free place (422 `over_capacity`). Publishes `MemberMoved`; the "
        "place left behind is offered to the waiting list."
    ),
    responses=RESPONSES,
)
async def move(
    referral_id: UUID, body: MoveIn, principal: Coordinator, deps: Deps
) -> PlacementPublic:
    done = await placements.move(referral_id, body.group_id, deps.uow(), deps.ctx, check(principal))
    return PlacementPublic.of(done)


@router.get(
    "/areas/{area}/waitlist",
    response_model=list[WaitingPublic],
    summary="The area's waiting list, in the order places are offered",
    description=PLACEMENT_RULES,
)
async def waitlist(area: str, principal: Reader, deps: Deps) -> list[WaitingPublic]:
    known_area(area, deps.settings.areas)
    require_area(principal, area)
    waiting = await placements.waiting_list(area, deps.uow())
    return [
        WaitingPublic(
            position=n,
            referral_id=p.referral_id,
            person_id=p.person_id,
            postcode_district=p.postcode_district,
            format_preference=p.format_preference,
            received_at=p.received_at,
            waiting_since=p.waiting_since,
        )
        for n, p in enumerate(waiting, start=1)
    ]

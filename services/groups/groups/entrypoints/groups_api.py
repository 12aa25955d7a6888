"""HTTP routes of groups: translate requests into use cases and results into responses."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from groups.domain.commands import CreateGroup, UpdateGroup
from groups.domain.model import Venue
from groups.entrypoints import access
from groups.entrypoints.access import Viewer
from groups.entrypoints.deps import (
    ILLEGAL,
    Coordinator,
    Deps,
    Reader,
    area_check,
    known_area,
    not_found,
)
from groups.entrypoints.group_schemas import (
    FacilitatorAssign,
    GroupClose,
    GroupCreate,
    GroupPublic,
    GroupUpdate,
    StatsPublic,
)
from groups.service_layer import group_lifecycle, queries
from t2t_shared.auth import ALL_AREAS
from t2t_shared.http.errors import STANDARD_ERRORS
from t2t_shared.http.security import require_area

router = APIRouter(tags=["groups"], responses=STANDARD_ERRORS)

NOT_FOUND = not_found("No group with this id")
AreaQuery = Annotated[str | None, Query(description="Only this area", examples=["leeds"])]


@router.post(
    "/groups",
    status_code=201,
    response_model=GroupPublic,
    summary="Set up a group (planned)",
    description=(
        "An in-person group needs a venue (its postcode places it on the map for matching); "
        "an online group a joining link (https). The schedule is UK local time: weekly, "
        "fortnightly, or monthly on the first to fourth or last weekday. Facilitators given "
        "here must be eligible and of the group's area. Publishes `GroupCreated`.\n\n"
        "Roles: `coordinator` (its areas), `admin`."
    ),
)
async def create_group(body: GroupCreate, principal: Coordinator, deps: Deps) -> GroupPublic:
    known_area(body.area, deps.settings.areas)
    require_area(principal, body.area)
    ctx = deps.ctx
    command = CreateGroup(
        name=body.name,
        area=body.area,
        format=body.format,
        schedule=body.schedule.to_domain(ctx.today()),
        capacity=body.capacity,
        venue=Venue(**body.venue.model_dump()) if body.venue else None,
        joining_link=body.joining_link,
        facilitator_ids=body.facilitator_ids,
    )
    group = await group_lifecycle.create_group(command, deps.uow(), ctx)
    return await _public(group.id, principal, deps)


@router.get(
    "/groups",
    response_model=list[GroupPublic],
    summary="Groups with their capacity, fill and waiting list",
    description=(
        "Each group with its members, offers waiting for an answer, free places, the length "
        "of its area's waiting list, and `facilitator_lapsed` when no assigned facilitator is "
        "eligible any more. Without `area`, every area the token covers. A `facilitator` "
        "sees the groups they lead."
    ),
)
async def list_groups(principal: Viewer, deps: Deps, area: AreaQuery = None) -> list[GroupPublic]:
    if principal.role == "facilitator":
        led = await access.led_groups(principal, deps)
        return [GroupPublic.of(v) for v in led if area is None or v.group.area == area]
    if area is not None:
        known_area(area, deps.settings.areas)
        require_area(principal, area)
        areas: tuple[str, ...] | None = (area,)
    else:
        areas = None if ALL_AREAS in principal.areas else principal.areas
    return [GroupPublic.of(v) for v in await queries.list_groups(areas, deps.uow())]


@router.get(
    "/groups/stats",
    response_model=StatsPublic,
    summary="An area's figures: places, fill, offers and the waiting list",
)
async def group_stats(
    principal: Reader, deps: Deps, area: Annotated[str, Query(examples=["leeds"])]
) -> StatsPublic:
    known_area(area, deps.settings.areas)
    require_area(principal, area)
    s = await queries.stats(area, deps.uow())
    return StatsPublic(**s.__dict__)


@router.get(
    "/groups/{group_id:uuid}", response_model=GroupPublic, summary="One group", responses=NOT_FOUND
)
async def read_group(group_id: UUID, principal: Viewer, deps: Deps) -> GroupPublic:
    check = await access.for_group(principal, group_id, deps)
    return GroupPublic.of(await queries.get_group(group_id, deps.uow(), check))


@router.patch(
    "/groups/{group_id:uuid}",
    response_model=GroupPublic,
    summary="Change capacity, name, accessibility notes or joining link",
    description=(
        "Capacity cannot go below the places taken (members and pending offers): 422 "
        "`over_capacity`. Raising it offers the new places to the head of the waiting list "
        "at once. Publishes `GroupUpdated` when capacity or fill changed."
    ),
    responses={**NOT_FOUND, **ILLEGAL},
)
async def update_group(
    group_id: UUID, body: GroupUpdate, principal: Coordinator, deps: Deps
) -> GroupPublic:
    command = UpdateGroup(**body.model_dump(exclude_unset=True))
    group = await group_lifecycle.update_group(
        group_id, command, deps.uow(), deps.ctx, area_check(principal)
    )
    return await _public(group.id, principal, deps)


@router.post(
    "/groups/{group_id}/open",
    response_model=GroupPublic,
    summary="Open a planned group: sessions go on the calendar, the waiting list gets offers",
    description=(
        "Needs at least one eligible facilitator (422 `no_eligible_facilitator`). Publishes "
        "`GroupOpened`, `SessionScheduled` for the coming weeks and `PlaceOffered` to the "
        "people at the head of the area's waiting list who fit the group's format."
    ),
    responses={**NOT_FOUND, **ILLEGAL},
)
async def open_group(group_id: UUID, principal: Coordinator, deps: Deps) -> GroupPublic:
    await group_lifecycle.open_group(group_id, deps.uow(), deps.ctx, area_check(principal))
    return await _public(group_id, principal, deps)


@router.post(
    "/groups/{group_id}/close",
    response_model=GroupPublic,
    summary="Close a group",
    description=(
        "Members leave (`MemberLeft`, reason `other`), people holding offers are placed "
        "again (another group, or back on the waiting list in their original place), future "
        "sessions are cancelled. Publishes `GroupClosed`."
    ),
    responses={**NOT_FOUND, **ILLEGAL},
)
async def close_group(
    group_id: UUID, body: GroupClose, principal: Coordinator, deps: Deps
) -> GroupPublic:
    await group_lifecycle.close_group(
        group_id, body.reason, deps.uow(), deps.ctx, area_check(principal)
    )
    return await _public(group_id, principal, deps)


@router.post(
    "/groups/{group_id}/facilitators",
    response_model=GroupPublic,
    summary="Assign an eligible facilitator",
    description=(
        "The volunteer must be on the roster (trained), of the group's area, with training "
        "and DBS in date, not paused and not left: otherwise 422 naming the reason. 409 when "
        "already assigned. Publishes `FacilitatorAssigned`."
    ),
    responses={**NOT_FOUND, **ILLEGAL},
)
async def assign_facilitator(
    group_id: UUID, body: FacilitatorAssign, principal: Coordinator, deps: Deps
) -> GroupPublic:
    await group_lifecycle.assign_facilitator(
        group_id, body.volunteer_id, deps.uow(), deps.ctx, area_check(principal)
    )
    return await _public(group_id, principal, deps)


async def _public(group_id: UUID, principal: Coordinator, deps: Deps) -> GroupPublic:
    return GroupPublic.of(await queries.get_group(group_id, deps.uow(), area_check(principal)))

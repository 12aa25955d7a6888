"""Who holds a place in a group: for the group page and the facilitator's register."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter

from groups.entrypoints import access
from groups.entrypoints.access import Viewer
from groups.entrypoints.deps import Deps, not_found
from groups.entrypoints.placement_schemas import PlacementPublic
from groups.service_layer import members
from t2t_shared.http.errors import STANDARD_ERRORS

router = APIRouter(tags=["groups"], responses=STANDARD_ERRORS)


@router.get(
    "/groups/{group_id}/placements",
    response_model=list[PlacementPublic],
    summary="The group's members, then the people its open offers wait for",
    description=(
        "Ids and coded values only (the referral holds who the person is). Coordinators "
        "of the group's area, `ops`, `admin`, and the group's own facilitators."
    ),
    responses=not_found("No group with this id"),
)
async def group_placements(group_id: UUID, principal: Viewer, deps: Deps) -> list[PlacementPublic]:
    check = await access.for_group(principal, group_id, deps)
    return [PlacementPublic.of(p) for p in await members.of_group(group_id, deps.uow(), check)]

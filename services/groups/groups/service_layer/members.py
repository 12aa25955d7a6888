"""Who holds a place in a group: its members, and the people its offers wait for."""

from __future__ import annotations

import uuid

from groups.domain.errors import NotFound
from groups.domain.placement import Placement, PlacementStatus
from groups.service_layer.context import AreaCheck
from groups.service_layer.unit_of_work import UnitOfWork


async def of_group(group_id: uuid.UUID, uow: UnitOfWork, check: AreaCheck) -> list[Placement]:
    """Members first, then open offers, each oldest first."""
    async with uow:
        group = await uow.groups.get(group_id)
        if group is None:
            raise NotFound(f"no group {group_id}")
        check(group.area)
        members = await uow.placements.in_group(group_id, PlacementStatus.MEMBER)
        offers = await uow.placements.in_group(group_id, PlacementStatus.OFFERED)
    members.sort(key=lambda p: (p.joined_at or p.accepted_at, str(p.referral_id)))
    offers.sort(key=lambda p: (p.offered_at or p.accepted_at, str(p.referral_id)))
    return members + offers

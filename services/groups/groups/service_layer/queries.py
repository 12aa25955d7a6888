"""What coordinators read: groups with their fill, sessions, waiting lists and figures."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from groups.domain.errors import NotFound
from groups.domain.model import Group, GroupStatus
from groups.domain.sessions import Session
from groups.service_layer.context import AreaCheck
from groups.service_layer.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class GroupView:
    group: Group
    waiting_list_length: int


async def list_groups(areas: Sequence[str] | None, uow: UnitOfWork) -> list[GroupView]:
    async with uow:
        groups = await uow.groups.in_areas(areas)
        waiting = await uow.placements.waiting_counts()
    return [GroupView(g, waiting.get(g.area, 0)) for g in groups]


async def get_group(group_id: uuid.UUID, uow: UnitOfWork, check: AreaCheck) -> GroupView:
    async with uow:
        group = await uow.groups.get(group_id)
        if group is None:
            raise NotFound(f"no group {group_id}")
        check(group.area)
        waiting = await uow.placements.waiting_counts()
    return GroupView(group, waiting.get(group.area, 0))


async def group_sessions(group_id: uuid.UUID, uow: UnitOfWork, check: AreaCheck) -> list[Session]:
    async with uow:
        group = await uow.groups.get(group_id)
        if group is None:
            raise NotFound(f"no group {group_id}")
        check(group.area)
        return await uow.sessions.of_group(group_id)


async def coming_sessions(
    group_id: uuid.UUID, uow: UnitOfWork, check: AreaCheck, now: datetime
) -> tuple[Group, list[Session]]:
    """The group and its sessions that have not ended yet, cancelled ones included."""
    async with uow:
        group = await uow.groups.get(group_id)
        if group is None:
            raise NotFound(f"no group {group_id}")
        check(group.area)
        found = await uow.sessions.of_group(group_id)
    return group, [s for s in found if s.ends_at > now]


@dataclass(frozen=True)
class AreaStats:
    area: str
    groups_by_status: dict[str, int]
    capacity: int
    members: int
    offers_pending: int
    free_places: int
    waiting: int
    groups_without_facilitator: int
    placements_by_status: dict[str, int]


async def stats(area: str, uow: UnitOfWork) -> AreaStats:
    async with uow:
        groups = await uow.groups.in_areas([area])
        by_status = await uow.placements.count_by_status(area)
    live = [g for g in groups if g.takes_people]
    return AreaStats(
        area=area,
        groups_by_status={s.value: sum(g.status is s for g in groups) for s in GroupStatus},
        capacity=sum(g.capacity for g in live),
        members=sum(g.members for g in live),
        offers_pending=sum(g.offers for g in live),
        free_places=sum(g.free_places for g in live),
        waiting=by_status.get("waiting", 0),
        groups_without_facilitator=sum(
            g.facilitator_lapsed for g in groups if g.status is not GroupStatus.CLOSED
        ),
        placements_by_status=by_status,
    )

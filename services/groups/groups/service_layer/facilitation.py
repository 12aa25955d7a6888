"""What a facilitator may reach: the groups they lead, those groups' sessions and registers."""

from __future__ import annotations

import uuid

from groups.domain.errors import NotFound
from groups.service_layer.queries import GroupView
from groups.service_layer.unit_of_work import UnitOfWork


async def leads(volunteer_id: uuid.UUID, group_id: uuid.UUID, uow: UnitOfWork) -> bool:
    """True when the volunteer is on the group's roster; 404 when there is no such group."""
    async with uow:
        group = await uow.groups.get(group_id)
    if group is None:
        raise NotFound(f"no group {group_id}")
    return volunteer_id in group.facilitator_ids


async def group_of_session(session_id: uuid.UUID, uow: UnitOfWork) -> uuid.UUID:
    async with uow:
        session = await uow.sessions.get(session_id)
    if session is None:
        raise NotFound(f"no session {session_id}")
    return session.group_id


async def led_groups(volunteer_id: uuid.UUID, uow: UnitOfWork) -> list[GroupView]:
    """The groups (not closed) the volunteer leads, with their area's waiting list length."""
    async with uow:
        groups = await uow.groups.led_by(volunteer_id)
        waiting = await uow.placements.waiting_counts()
    return [GroupView(g, waiting.get(g.area, 0)) for g in groups]

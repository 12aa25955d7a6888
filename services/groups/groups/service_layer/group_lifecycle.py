"""Use cases of a group's life: set up, changed, opened, given facilitators, closed."""

from __future__ import annotations

import uuid
from dataclasses import replace

from groups.domain.commands import CreateGroup, UpdateGroup
from groups.domain.errors import Conflict, NotFound, RuleBroken
from groups.domain.model import Group, GroupStatus
from groups.domain.placement import LeaveReason, PlacementStatus
from groups.domain.sessions import SessionStatus
from groups.service_layer import places, publishing, sessions
from groups.service_layer.context import AreaCheck, Context
from groups.service_layer.roster import eligible_leaders
from groups.service_layer.unit_of_work import UnitOfWork


async def create_group(cmd: CreateGroup, uow: UnitOfWork, ctx: Context) -> Group:
    group = Group(
        id=uuid.uuid4(),
        name=cmd.name,
        area=cmd.area,
        format=cmd.format,
        schedule=cmd.schedule,
        capacity=cmd.capacity,
        created_at=ctx.now(),
        venue=cmd.venue,
        joining_link=cmd.joining_link,
    )
    async with uow:
        for index, volunteer_id in enumerate(dict.fromkeys(cmd.facilitator_ids)):
            await _check_facilitator(group, volunteer_id, uow, ctx, f"facilitator_ids.{index}")
            group.facilitator_ids.append(volunteer_id)
        await uow.groups.add(group)
        for volunteer_id in group.facilitator_ids:
            await uow.groups.assign(group.id, volunteer_id, ctx.now())
        await ctx.publish(uow, publishing.group_created(group))
        # Named at set-up or added later, a facilitator is assigned all the same: volunteers
        # makes them active, notifications tells them about the group.
        for volunteer_id in group.facilitator_ids:
            await ctx.publish(uow, publishing.facilitator_assigned(group, volunteer_id))
        await uow.commit()
    return group


async def _check_facilitator(
    group: Group, volunteer_id: uuid.UUID, uow: UnitOfWork, ctx: Context, field: str
) -> None:
    facilitator = await uow.facilitators.get(volunteer_id)
    if facilitator is None:
        raise RuleBroken(
            field,
            "not on the facilitator roster (no completed training heard of)",
            "unknown_facilitator",
        )
    if facilitator.area != group.area:
        raise RuleBroken(
            field,
            f"the facilitator works in '{facilitator.area}', not '{group.area}'",
            "facilitator_other_area",
        )
    reason = facilitator.why_not_eligible(ctx.today())
    if reason is not None:
        raise RuleBroken(field, f"not eligible to lead a group: {reason}", "ineligible_facilitator")


async def _found(group_id: uuid.UUID, uow: UnitOfWork, check: AreaCheck) -> Group:
    found = await uow.groups.get(group_id)
    if found is None:
        raise NotFound(f"no group {group_id}")
    check(found.area)
    return found


async def _locked_group(group_id: uuid.UUID, uow: UnitOfWork, check: AreaCheck) -> Group:
    await _found(group_id, uow, check)
    group = await uow.groups.lock(group_id)
    assert group is not None
    return group


async def assign_facilitator(
    group_id: uuid.UUID, volunteer_id: uuid.UUID, uow: UnitOfWork, ctx: Context, check: AreaCheck
) -> Group:
    async with uow:
        group = await _locked_group(group_id, uow, check)
        if group.status is GroupStatus.CLOSED:
            raise Conflict("the group is closed")
        await _check_facilitator(group, volunteer_id, uow, ctx, "volunteer_id")
        if not await uow.groups.assign(group.id, volunteer_id, ctx.now()):
            raise Conflict("this facilitator is already assigned to the group")
        group.facilitator_ids.append(volunteer_id)
        if group.facilitator_lapsed:
            group.facilitator_lapsed = False
            await uow.groups.flag_lapsed(group.id, False)
        await ctx.publish(uow, publishing.facilitator_assigned(group, volunteer_id))
        await uow.commit()
    return group


async def open_group(group_id: uuid.UUID, uow: UnitOfWork, ctx: Context, check: AreaCheck) -> Group:
    """Planned → open: its sessions go on the calendar and the waiting list gets offers."""
    async with uow:
        group = await _locked_group(group_id, uow, check)
        leaders = await eligible_leaders(group, uow, ctx)
        group.open(has_eligible_facilitator=bool(leaders))
        await uow.groups.save(group)
        await publishing.group_news(group, uow, ctx)
        await sessions.schedule_ahead(group, uow, ctx)
        await places.fill(group, uow, ctx)
        # Opened to a waiting list long enough to fill it: say it is full now.
        await places.group_changed(group, GroupStatus.OPEN, uow, ctx)
        await uow.commit()
    return group


async def update_group(
    group_id: uuid.UUID, cmd: UpdateGroup, uow: UnitOfWork, ctx: Context, check: AreaCheck
) -> Group:
    async with uow:
        group = await _locked_group(group_id, uow, check)
        before = (group.status, group.capacity)
        if cmd.capacity is not None:
            group.change_capacity(cmd.capacity)
        if cmd.name is not None:
            group.name = cmd.name
        if cmd.accessibility_notes is not None:
            if group.venue is None:
                raise RuleBroken("accessibility_notes", "only an in-person group has a venue")
            group.venue = replace(group.venue, accessibility_notes=cmd.accessibility_notes)
        if cmd.joining_link is not None:
            if group.joining_link is None:
                raise RuleBroken("joining_link", "only an online group has a joining link")
            group.joining_link = cmd.joining_link
        await places.fill(group, uow, ctx)
        await uow.groups.save(group)
        if group.takes_people and (group.status, group.capacity) != before:
            await ctx.publish(uow, publishing.group_updated(group))
        await uow.commit()
    return group


async def close_group(
    group_id: uuid.UUID, reason: str, uow: UnitOfWork, ctx: Context, check: AreaCheck
) -> Group:
    """Members leave, people holding offers go back to placement, future sessions are off."""
    async with uow:
        found = await _found(group_id, uow, check)
        # Closing places people again in the area's other groups: it locks them all, in the
        # id order every other multi-group lock follows.
        group = next(g for g in await uow.groups.lock_area(found.area) if g.id == group_id)
        now = ctx.now()
        offered = await uow.placements.in_group(group.id, PlacementStatus.OFFERED)
        members = await uow.placements.in_group(group.id, PlacementStatus.MEMBER)
        for p in offered:
            p.withdraw(group)
        for p in members:
            p.leave(group, LeaveReason.OTHER, now)
            await uow.placements.save(p)
            await publishing.placement_news(p, group, uow, ctx)
        group.close(reason, now)
        await uow.groups.save(group)
        await publishing.group_news(group, uow, ctx)
        for s in await uow.sessions.of_group(group.id, after=now):
            if s.status is SessionStatus.SCHEDULED:
                await sessions.cancel(s, group, "group_closed", uow, ctx)
        for p in sorted(offered, key=lambda p: (p.received_at, str(p.referral_id))):
            await places.place(p, uow, ctx)
        await uow.commit()
    return group

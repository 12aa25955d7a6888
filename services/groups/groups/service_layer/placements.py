"""Use cases of placement: a referral arrives, offers are answered, members leave or move."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import structlog

from groups import events
from groups.consumed_events import ReferralAccepted, ReferralClosed
from groups.domain.errors import IllegalTransition, NotFound, RuleBroken
from groups.domain.model import Format, Group
from groups.domain.placement import LeaveReason, Placement
from groups.service_layer import messages, places
from groups.service_layer.context import AreaCheck, Context
from groups.service_layer.unit_of_work import UnitOfWork

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class EventMeta:
    id: str
    source: str
    type: str


async def on_referral_accepted(
    event: ReferralAccepted, meta: EventMeta, uow: UnitOfWork, ctx: Context
) -> Placement | None:
    """Place the person: an offer in the best open group, or the area's waiting list."""
    async with uow:
        if not await uow.inbox.claim(meta.source, meta.id):
            return None
        if await uow.placements.get(event.referral_id) is not None:
            await uow.commit()  # accepted twice (a new event id): placed already
            return None
        groups = await uow.groups.lock_area(event.area)
        placement = Placement(
            referral_id=event.referral_id,
            person_id=event.person_id,
            area=event.area,
            postcode_district=event.postcode_district.upper() if event.postcode_district else None,
            format_preference=Format(event.format_preference) if event.format_preference else None,
            received_at=event.received_at,
            accepted_at=event.accepted_at,
        )
        await uow.placements.add(placement)
        await places.place(placement, groups, uow, ctx)
        await uow.commit()
    log.info("referral_placed", aggregate_id=str(placement.referral_id), status=placement.status)
    return placement


async def on_referral_closed(
    event: ReferralClosed, meta: EventMeta, uow: UnitOfWork, ctx: Context
) -> Placement | None:
    """Someone unreachable or no longer wanting a place must not hold one, nor wait for one.
    Members stay: a referral closed as completed does not end their membership."""
    async with uow:
        if not await uow.inbox.claim(meta.source, meta.id):
            return None
        found = await uow.placements.get(event.referral_id)
        if found is None or not found.pending:
            await uow.commit()
            return None
        groups = {g.id: g for g in await uow.groups.lock_area(found.area)}
        p = await uow.placements.get(event.referral_id)
        assert p is not None
        was, group = p.status.value, groups.get(p.group_id) if p.group_id else None
        before = group.status if group else None
        p.cancel(group)
        await uow.placements.save(p)
        await ctx.publish(
            uow,
            events.PlacementCancelled(
                referral_id=p.referral_id,
                person_id=p.person_id,
                area=p.area,
                group_id=group.id if group else None,
                was=was,
            ),
        )
        if group is not None and before is not None:
            await places.fill(group, uow, ctx)
            await places.group_changed(group, before, uow, ctx)
        await uow.commit()
    log.info("placement_cancelled", aggregate_id=str(p.referral_id), was=was)
    return p


@dataclass
class Locked:
    placement: Placement
    groups: dict[uuid.UUID, Group]

    def group(self, action: str) -> Group:
        """The group the person holds a place in; 409 when they hold none."""
        wanted = self.placement.group_id
        if wanted is None or wanted not in self.groups:
            raise IllegalTransition("the placement", self.placement.status.value, action)
        return self.groups[wanted]


async def _locked(referral_id: uuid.UUID, uow: UnitOfWork, check: AreaCheck) -> Locked:
    found = await uow.placements.get(referral_id)
    if found is None:
        raise NotFound(f"no placement for referral {referral_id}")
    check(found.area)
    groups = await uow.groups.lock_area(found.area)
    # Read again under the locks: a sweep may have expired the offer meanwhile.
    placement = await uow.placements.get(referral_id)
    assert placement is not None
    return Locked(placement, {g.id: g for g in groups})


async def accept(
    referral_id: uuid.UUID,
    uow: UnitOfWork,
    ctx: Context,
    check: AreaCheck,
    answered_by: events.AnsweredBy = "coordinator",
) -> Placement:
    async with uow:
        locked = await _locked(referral_id, uow, check)
        p, group = locked.placement, locked.group("accept a place")
        before = group.status
        p.accept(group, ctx.now())
        await uow.placements.save(p)
        await ctx.publish(
            uow,
            events.MemberJoined(
                referral_id=p.referral_id,
                person_id=p.person_id,
                area=p.area,
                group_id=group.id,
                group_name=group.name,
                first_session_at=await uow.sessions.next_start(group.id, ctx.now()),
                members=group.members,
                capacity=group.capacity,
                answered_by=answered_by,
            ),
        )
        await places.group_changed(group, before, uow, ctx)
        await uow.commit()
    return p


async def decline(
    referral_id: uuid.UUID,
    uow: UnitOfWork,
    ctx: Context,
    check: AreaCheck,
    answered_by: events.AnsweredBy = "coordinator",
) -> Placement:
    async with uow:
        locked = await _locked(referral_id, uow, check)
        p, group = locked.placement, locked.group("decline a place")
        before = group.status
        p.decline(group)
        await uow.placements.save(p)
        await ctx.publish(uow, messages.offer_declined(p, group, answered_by))
        await places.fill(group, uow, ctx)
        await places.group_changed(group, before, uow, ctx)
        await uow.commit()
    return p


async def leave(
    referral_id: uuid.UUID, reason: LeaveReason, uow: UnitOfWork, ctx: Context, check: AreaCheck
) -> Placement:
    async with uow:
        locked = await _locked(referral_id, uow, check)
        p, group = locked.placement, locked.group("leave a group")
        before = group.status
        p.leave(group, reason, ctx.now())
        await uow.placements.save(p)
        await ctx.publish(uow, messages.member_left(p, group, reason))
        await places.fill(group, uow, ctx)
        await places.group_changed(group, before, uow, ctx)
        await uow.commit()
    return p


async def move(
    referral_id: uuid.UUID, to_group_id: uuid.UUID, uow: UnitOfWork, ctx: Context, check: AreaCheck
) -> Placement:
    async with uow:
        locked = await _locked(referral_id, uow, check)
        p, source = locked.placement, locked.group("move it")
        if to_group_id not in locked.groups:
            raise RuleBroken("group_id", f"no group {to_group_id} in the area '{p.area}'")
        target = locked.groups[to_group_id]
        before_source, before_target = source.status, target.status
        p.move(source, target)
        await uow.placements.save(p)
        await ctx.publish(
            uow,
            events.MemberMoved(
                referral_id=p.referral_id,
                person_id=p.person_id,
                area=p.area,
                from_group_id=source.id,
                group_id=target.id,
            ),
        )
        await places.fill(source, uow, ctx)
        await places.group_changed(target, before_target, uow, ctx)
        await places.group_changed(source, before_source, uow, ctx)
        await uow.commit()
    return p


async def get(referral_id: uuid.UUID, uow: UnitOfWork, check: AreaCheck) -> Placement:
    async with uow:
        p = await uow.placements.get(referral_id)
    if p is None:
        raise NotFound(f"no placement for referral {referral_id}")
    check(p.area)
    return p


async def waiting_list(area: str, uow: UnitOfWork) -> list[Placement]:
    async with uow:
        return await uow.placements.waiting(area)

"""Use cases of placement: a referral arrives, offers are answered, members leave or move."""

from __future__ import annotations

import uuid

import structlog

from groups import events
from groups.consumed_events import ReferralAccepted
from groups.domain.errors import Contended, NotFound, RuleBroken
from groups.domain.model import Format
from groups.domain.placement import LeaveReason, Placement
from groups.service_layer import locks, places, publishing
from groups.service_layer.context import AreaCheck, Context
from groups.service_layer.unit_of_work import UnitOfWork
from t2t_shared.kernel.event_meta import EventMeta

log = structlog.get_logger(__name__)


async def on_referral_accepted(
    event: ReferralAccepted, meta: EventMeta, uow: UnitOfWork, ctx: Context
) -> Placement | None:
    """Place the person: an offer in the best open group, or the area's waiting list."""
    for _ in range(places.ATTEMPTS):
        try:
            return await _place_once(event, meta, uow, ctx)
        except places.LostRace:
            continue  # rolled back, locks let go: choose again on fresh counts
    raise Contended(f"no place settled for referral {event.referral_id}: try again")


async def _place_once(
    event: ReferralAccepted, meta: EventMeta, uow: UnitOfWork, ctx: Context
) -> Placement | None:
    async with uow:
        if not await uow.inbox.claim(meta.source, meta.id):
            return None
        placement = Placement(
            referral_id=event.referral_id,
            person_id=event.person_id,
            area=event.area,
            postcode_district=event.postcode_district.upper() if event.postcode_district else None,
            format_preference=Format(event.format_preference) if event.format_preference else None,
            received_at=event.received_at,
            accepted_at=event.accepted_at,
        )
        if not await uow.placements.add(placement):
            await uow.commit()  # accepted twice (a new event id): placed already
            return None
        await places.place(placement, uow, ctx)
        await uow.commit()
    log.info("referral_placed", aggregate_id=str(placement.referral_id), status=placement.status)
    return placement


async def accept(
    referral_id: uuid.UUID,
    uow: UnitOfWork,
    ctx: Context,
    check: AreaCheck,
    answered_by: events.AnsweredBy = "coordinator",
) -> Placement:
    async with uow:
        held = await locks.holding(referral_id, uow, check)
        p, group = held.placement, held.group("accept a place")
        before = group.status
        p.accept(group, ctx.now(), answered_by)
        await uow.placements.save(p)
        await publishing.placement_news(p, group, uow, ctx)
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
        held = await locks.holding(referral_id, uow, check)
        p, group = held.placement, held.group("decline a place")
        before = group.status
        p.decline(group, answered_by)
        await uow.placements.save(p)
        await publishing.placement_news(p, group, uow, ctx)
        await places.fill(group, uow, ctx)
        await places.group_changed(group, before, uow, ctx)
        await uow.commit()
    return p


async def leave(
    referral_id: uuid.UUID, reason: LeaveReason, uow: UnitOfWork, ctx: Context, check: AreaCheck
) -> Placement:
    async with uow:
        held = await locks.holding(referral_id, uow, check)
        p, group = held.placement, held.group("leave a group")
        before = group.status
        p.leave(group, reason, ctx.now())
        await uow.placements.save(p)
        await publishing.placement_news(p, group, uow, ctx)
        await places.fill(group, uow, ctx)
        await places.group_changed(group, before, uow, ctx)
        await uow.commit()
    return p


async def move(
    referral_id: uuid.UUID, to_group_id: uuid.UUID, uow: UnitOfWork, ctx: Context, check: AreaCheck
) -> Placement:
    async with uow:
        held = await locks.holding(referral_id, uow, check, also=[to_group_id])
        p, source = held.placement, held.group("move it")
        target = held.groups.get(to_group_id)
        if target is None or target.area != p.area:
            raise RuleBroken("group_id", f"no group {to_group_id} in the area '{p.area}'")
        before_source, before_target = source.status, target.status
        p.move(source, target)
        await uow.placements.save(p)
        await publishing.placement_news(p, target, uow, ctx)
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

"""A referral closed: the person no longer waits for a place, nor holds one on offer.

An erased person (`ReferralClosed` with `erased`) leaves the group too, and the placement
forgets where they live.
"""

from __future__ import annotations

import structlog

from groups.consumed_events import ReferralClosed
from groups.domain.model import Group
from groups.domain.placement import LeaveReason, Placement, PlacementStatus
from groups.service_layer import locks, places, publishing
from groups.service_layer.context import Context
from groups.service_layer.unit_of_work import UnitOfWork
from t2t_shared.kernel.event_meta import EventMeta

log = structlog.get_logger(__name__)


async def on_referral_closed(
    event: ReferralClosed, meta: EventMeta, uow: UnitOfWork, ctx: Context
) -> Placement | None:
    """Someone unreachable or no longer wanting a place must not hold one, nor wait for one.
    Members stay (a referral closed as completed does not end a membership), unless the
    person's data was erased: then the membership ends as well."""
    async with uow:
        if not await uow.inbox.claim(meta.source, meta.id):
            return None
        found = await uow.placements.get(event.referral_id)
        if found is None or not (found.pending or event.erased):
            await uow.commit()
            return None
        held = await locks.pending(event.referral_id, uow)
        p, group = held.placement, held.holding
        if p.pending:
            await _cancel(p, group, uow, ctx)
        elif event.erased and p.status is PlacementStatus.MEMBER and group is not None:
            await _end_membership(p, group, uow, ctx)
        if event.erased:
            p.forget_location()
        await uow.placements.save(p)
        await uow.commit()
    log.info("referral_closed", aggregate_id=str(p.referral_id), status=p.status)
    return p


async def _cancel(p: Placement, group: Group | None, uow: UnitOfWork, ctx: Context) -> None:
    """Off the list, and a place held for them goes to the head of the list at once."""
    before = group.status if group else None
    p.cancel(group)
    await publishing.placement_news(p, group, uow, ctx)
    if group is not None and before is not None:
        await places.fill(group, uow, ctx)
        await places.group_changed(group, before, uow, ctx)


async def _end_membership(p: Placement, group: Group, uow: UnitOfWork, ctx: Context) -> None:
    before = group.status
    p.leave(group, LeaveReason.OTHER, ctx.now())
    await publishing.placement_news(p, group, uow, ctx)
    await places.fill(group, uow, ctx)
    await places.group_changed(group, before, uow, ctx)

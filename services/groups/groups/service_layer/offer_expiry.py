"""The offer sweep: offers past their time expire and their places pass on."""

from __future__ import annotations

from collections.abc import Callable

from groups import events
from groups.service_layer import messages, places
from groups.service_layer.context import Context
from groups.service_layer.unit_of_work import UnitOfWork


async def expire_offers(make: Callable[[], UnitOfWork], ctx: Context, limit: int = 100) -> int:
    """The sweep: each offer past its time expires and its place goes to the next person.

    One transaction per offer, under its area's locks, so a sweep on every replica and a
    coordinator answering at the same moment cannot both settle it.
    """
    async with make() as uow:
        due = await uow.placements.offers_due(ctx.now(), limit)
    expired = 0
    for referral_id, area in due:
        async with make() as uow:
            groups = {g.id: g for g in await uow.groups.lock_area(area)}
            p = await uow.placements.get(referral_id)
            now = ctx.now()
            if p is None or p.group_id not in groups or p.offer_expires_at is None:
                continue
            if p.status.value != "offered" or p.offer_expires_at > now:
                continue  # answered (or moved) since we looked
            group = groups[p.group_id]
            before = group.status
            p.expire(group, now)
            await uow.placements.save(p)
            await ctx.publish(uow, messages.offer_answered(events.OfferExpired, p, group))
            await places.fill(group, uow, ctx)
            await places.group_changed(group, before, uow, ctx)
            await uow.commit()
            expired += 1
    return expired

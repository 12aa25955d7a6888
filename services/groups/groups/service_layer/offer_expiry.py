"""The offer sweep: offers past their time expire and their places pass on."""

from __future__ import annotations

from collections.abc import Callable

from groups.service_layer import locks, places, publishing
from groups.service_layer.context import Context, any_area
from groups.service_layer.unit_of_work import UnitOfWork


async def expire_offers(make: Callable[[], UnitOfWork], ctx: Context, limit: int = 100) -> int:
    """The sweep: each offer past its time expires and its place goes to the next person.

    One transaction per offer, under its group's lock, so a sweep on every replica and a
    coordinator answering at the same moment cannot both settle it.
    """
    async with make() as uow:
        due = await uow.placements.offers_due(ctx.now(), limit)
    expired = 0
    for referral_id, _area in due:
        async with make() as uow:
            held = await locks.holding(referral_id, uow, any_area)
            p, group, now = held.placement, held.holding, ctx.now()
            if group is None or p.offer_expires_at is None:
                continue
            if p.status.value != "offered" or p.offer_expires_at > now:
                continue  # answered (or moved) since we looked
            before = group.status
            p.expire(group, now)
            await uow.placements.save(p)
            await publishing.placement_news(p, group, uow, ctx)
            await places.fill(group, uow, ctx)
            await places.group_changed(group, before, uow, ctx)
            await uow.commit()
            expired += 1
    return expired

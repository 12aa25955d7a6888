"""Taking and freeing places: the steps every placement use case is built from.

Locks are per group, never per area. Taking a place holds the group's lock (`place`,
`fill`); freeing one holds the lock of the group it frees in (`locks.holding`). A person
joins the waiting list only under a share of every group of the area, so no place can free
unseen while they join, and a place that frees afterwards goes to the head of the list
(`fill`) in the transaction that frees it.
"""

from __future__ import annotations

from collections.abc import Sequence

from groups.domain.errors import Contended
from groups.domain.matching import Candidate, best_group
from groups.domain.model import Group, GroupStatus
from groups.domain.placement import Placement
from groups.service_layer import publishing
from groups.service_layer.context import Context
from groups.service_layer.unit_of_work import UnitOfWork

ATTEMPTS = 25
"""Each lost race means another transaction took that place first (or freed one)."""


class LostRace(Contended):
    """The place chosen was taken (or a place freed) meanwhile: roll back, try again."""


def best_with_room(placement: Placement, groups: Sequence[Group], ctx: Context) -> Candidate | None:
    candidates = [
        Candidate(g, ctx.distance_km(placement, g))
        for g in groups
        if g.takes_people and g.free_places > 0 and placement.fits(g)
    ]
    return best_group(candidates, placement.format_preference)


async def place(placement: Placement, uow: UnitOfWork, ctx: Context) -> None:
    """Offer the best open group with room, or put the person on the area's waiting list.

    The choice is made on an unlocked read; only the chosen group is then locked and
    checked again. If it filled meanwhile, `LostRace`: the caller rolls back, letting the
    lock go, and tries again on fresh counts (a new transaction costs less than a
    savepoint around every attempt, and races are lost rarely).
    """
    best = best_with_room(placement, await uow.groups.in_areas([placement.area]), ctx)
    if best is None:
        if best_with_room(placement, await uow.groups.share_area(placement.area), ctx):
            raise LostRace(f"a place freed in {placement.area} while placing")
        await waitlist(placement, uow, ctx)
        return
    group = await uow.groups.lock(best.group.id)
    if group is None or best_with_room(placement, [group], ctx) is None:
        raise LostRace(f"group {best.group.id} filled while placing")
    before = group.status
    await offer(placement, group, uow, ctx, distance_km=best.distance_km)
    await group_changed(group, before, uow, ctx)


async def offer(
    placement: Placement, group: Group, uow: UnitOfWork, ctx: Context, *, distance_km: float | None
) -> None:
    """Hold a place for the person; the caller saves the group (`group_changed`)."""
    now = ctx.now()
    placement.offer(group, at=now, expires_at=now + ctx.offer_valid_for, distance_km=distance_km)
    await uow.placements.save(placement)
    await publishing.placement_news(placement, group, uow, ctx)


async def waitlist(placement: Placement, uow: UnitOfWork, ctx: Context) -> None:
    placement.wait(ctx.now())
    await uow.placements.save(placement)
    await publishing.placement_news(placement, None, uow, ctx)


async def fill(group: Group, uow: UnitOfWork, ctx: Context) -> int:
    """A place freed (or the group opened, or grew): the head of the list who fits gets it.

    The caller holds the group's lock and saves the group afterwards with
    `group_changed`, once, so a place that frees and fills again in one transaction is not
    reported as open then full.
    """
    offered = 0
    while group.takes_people and group.free_places > 0:
        head = await uow.placements.next_waiting(group.area, group.format)
        if head is None:
            break
        claimed = await uow.placements.claim_waiting(head.referral_id)
        if claimed is None:
            continue  # a place in another group went to them first: ask for the head again
        await offer(claimed, group, uow, ctx, distance_km=ctx.distance_km(claimed, group))
        offered += 1
    return offered


async def group_changed(group: Group, before: GroupStatus, uow: UnitOfWork, ctx: Context) -> None:
    """Save the group; tell others when it went from open to full or back since `before`."""
    await uow.groups.save(group)
    if group.status is not before and group.takes_people and before is not GroupStatus.PLANNED:
        await ctx.publish(uow, publishing.group_updated(group))

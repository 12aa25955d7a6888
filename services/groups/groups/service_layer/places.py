"""Taking and freeing places: the steps every placement use case is built from.

Callers hold the area's group locks (`uow.groups.lock_area`) around these steps.
"""

from __future__ import annotations

from collections.abc import Sequence

from groups import events
from groups.domain.matching import Candidate, best_group
from groups.domain.model import Group, GroupStatus
from groups.domain.placement import Placement
from groups.service_layer import messages
from groups.service_layer.context import Context
from groups.service_layer.unit_of_work import UnitOfWork


async def place(
    placement: Placement, groups: Sequence[Group], uow: UnitOfWork, ctx: Context
) -> None:
    """Offer the best open group with room, or put the person on the area's waiting list."""
    candidates = [
        Candidate(g, ctx.distance_km(placement, g))
        for g in groups
        if g.takes_people and g.free_places > 0 and placement.fits(g)
    ]
    best = best_group(candidates, placement.format_preference)
    if best is None:
        await waitlist(placement, uow, ctx)
    else:
        before = best.group.status
        await offer(placement, best.group, uow, ctx, distance_km=best.distance_km)
        await group_changed(best.group, before, uow, ctx)


async def offer(
    placement: Placement, group: Group, uow: UnitOfWork, ctx: Context, *, distance_km: float | None
) -> None:
    """Hold a place for the person; the caller saves the group (`group_changed`)."""
    now = ctx.now()
    placement.offer(group, at=now, expires_at=now + ctx.offer_valid_for, distance_km=distance_km)
    await uow.placements.save(placement)
    first_session = await uow.sessions.next_start(group.id, now)
    await ctx.publish(uow, messages.place_offered(placement, group, first_session))


async def waitlist(placement: Placement, uow: UnitOfWork, ctx: Context) -> None:
    placement.wait(ctx.now())
    await uow.placements.save(placement)
    assert placement.waiting_since is not None
    await ctx.publish(
        uow,
        events.MemberWaitlisted(
            referral_id=placement.referral_id,
            person_id=placement.person_id,
            area=placement.area,
            position=await uow.placements.position(placement),
            waiting_since=placement.waiting_since,
        ),
    )


async def fill(group: Group, uow: UnitOfWork, ctx: Context) -> int:
    """A place freed (or the group opened, or grew): the head of the list who fits gets it.

    The caller saves the group afterwards with `group_changed`, once, so a place that
    frees and fills again in one transaction is not reported as open then full.
    """
    offered = 0
    while group.takes_people and group.free_places > 0:
        head = await uow.placements.next_waiting(group.area, group.format)
        if head is None:
            break
        await offer(head, group, uow, ctx, distance_km=ctx.distance_km(head, group))
        offered += 1
    return offered


async def group_changed(group: Group, before: GroupStatus, uow: UnitOfWork, ctx: Context) -> None:
    """Save the group; tell others when it went from open to full or back since `before`."""
    await uow.groups.save(group)
    if group.status is not before and group.takes_people and before is not GroupStatus.PLANNED:
        await ctx.publish(uow, messages.group_updated(group))

"""The facilitator roster, kept from the volunteers service's events, and lapsed groups."""

from __future__ import annotations

from collections.abc import Callable

import structlog

from groups import consumed_events as inbound
from groups import events
from groups.domain.model import Group
from groups.domain.roster import Facilitator
from groups.service_layer.context import Context
from groups.service_layer.unit_of_work import UnitOfWork
from t2t_shared.kernel.event_meta import EventMeta

log = structlog.get_logger(__name__)

Change = Callable[[Facilitator], None]


async def eligible_leaders(group: Group, uow: UnitOfWork, ctx: Context) -> list[Facilitator]:
    leaders = await uow.facilitators.get_many(group.facilitator_ids)
    return [f for f in leaders if f.eligible(ctx.today())]


async def on_facilitator_trained(
    event: inbound.FacilitatorTrained, meta: EventMeta, uow: UnitOfWork, ctx: Context
) -> None:
    def trained(f: Facilitator) -> None:
        f.trained(event.area, event.valid_until)

    await _apply(event, meta, uow, ctx, trained, create=True)


async def on_volunteer_event(
    event: inbound.VolunteerEvent, meta: EventMeta, uow: UnitOfWork, ctx: Context
) -> None:
    """Expired, screened, paused, resumed, left: each changes one facilitator's standing."""
    changes: dict[str, Change] = {
        inbound.VOLUNTEER_SCREENED: Facilitator.screened,
        inbound.VOLUNTEER_PAUSED: lambda f: setattr(f, "paused", True),
        inbound.VOLUNTEER_RESUMED: lambda f: setattr(f, "paused", False),
        inbound.VOLUNTEER_LEFT: lambda f: setattr(f, "left", True),
    }
    if isinstance(event, inbound.TrainingExpired):
        check = event.check

        def expired(f: Facilitator) -> None:
            f.expired(check)

        await _apply(event, meta, uow, ctx, expired, create=False)
    else:
        await _apply(event, meta, uow, ctx, changes[meta.type], create=False)


async def _apply(
    event: inbound.VolunteerEvent,
    meta: EventMeta,
    uow: UnitOfWork,
    ctx: Context,
    change: Change,
    *,
    create: bool,
) -> None:
    async with uow:
        if not await uow.inbox.claim(meta.source, meta.id):
            return
        facilitator = await uow.facilitators.get(event.volunteer_id)
        if facilitator is None and not create:
            # Not a facilitator (yet): a volunteer's other news is not ours to keep.
            await uow.commit()
            return
        facilitator = facilitator or Facilitator(event.volunteer_id, event.area)
        change(facilitator)
        await uow.facilitators.save(facilitator)
        await review_groups_led_by(facilitator, uow, ctx)
        await uow.commit()


async def review_groups_led_by(facilitator: Facilitator, uow: UnitOfWork, ctx: Context) -> None:
    """Flag the groups left without an eligible facilitator; unflag those that have one again."""
    for group in await uow.groups.led_by(facilitator.volunteer_id):
        await review_group(group, facilitator, uow, ctx)


async def review_group(
    group: Group, last: Facilitator | None, uow: UnitOfWork, ctx: Context
) -> bool:
    """True when the group was newly flagged."""
    led = bool(await eligible_leaders(group, uow, ctx))
    if led == (not group.facilitator_lapsed):
        return False
    group.facilitator_lapsed = not led
    # Only the flag: this runs without the area's locks, so it must not write back
    # capacity or status read before someone else changed them.
    await uow.groups.flag_lapsed(group.id, group.facilitator_lapsed)
    if led:
        return False
    volunteer_id = last.volunteer_id if last else group.facilitator_ids[-1]
    await ctx.publish(
        uow,
        events.GroupFacilitatorLapsed(
            group_id=group.id, area=group.area, volunteer_id=volunteer_id
        ),
    )
    log.info("group_facilitator_lapsed", aggregate_id=str(group.id))
    return True


async def sweep_lapses(make: Callable[[], UnitOfWork], ctx: Context) -> int:
    """Training runs out on a date even if no event says so: flag those groups too."""
    flagged = 0
    async with make() as uow:
        for group in await uow.groups.in_areas(None):
            if group.status.value == "closed" or not group.facilitator_ids:
                continue
            flagged += await review_group(group, None, uow, ctx)
        await uow.commit()
    return flagged

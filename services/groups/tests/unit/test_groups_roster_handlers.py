"""The facilitator roster through the service layer: assigning, lapsing, renewing."""

from __future__ import annotations

import uuid

import pytest

from groups import events
from groups.consumed_events import (
    TRAINING_EXPIRED,
    VOLUNTEER_LEFT,
    VOLUNTEER_PAUSED,
    VOLUNTEER_RESUMED,
    TrainingExpired,
    VolunteerEvent,
)
from groups.domain.errors import Conflict, RuleBroken
from groups.service_layer import group_lifecycle, roster
from groups.service_layer.context import Context, any_area
from t2t_shared.kernel.event_meta import EventMeta
from tests.fixtures.contract_payloads import consumed_example

from .conftest import MovableClock, make_group, train
from .fakes import FakeUnitOfWork


def news(ce_type: str) -> EventMeta:
    return EventMeta(id=str(uuid.uuid4()), source="/t2t/dev/volunteers", type=ce_type)


async def volunteer(uow: FakeUnitOfWork, ctx: Context, ce_type: str, vid: uuid.UUID) -> None:
    event = consumed_example(VolunteerEvent, ce_type, volunteer_id=vid, area="leeds")
    await roster.on_volunteer_event(event, news(ce_type), uow, ctx)


async def expire(
    uow: FakeUnitOfWork, ctx: Context, vid: uuid.UUID, check: str = "training"
) -> None:
    event = consumed_example(
        TrainingExpired, TRAINING_EXPIRED, volunteer_id=vid, area="leeds", check=check
    )
    await roster.on_volunteer_event(event, news(TRAINING_EXPIRED), uow, ctx)


@pytest.mark.parametrize(
    ("setup", "kind"),
    [
        ("unknown", "unknown_facilitator"),
        ("expired", "ineligible_facilitator"),
        ("paused", "ineligible_facilitator"),
        ("other_area", "facilitator_other_area"),
    ],
)
async def test_only_eligible_facilitators_of_the_area_can_be_assigned(
    uow: FakeUnitOfWork, ctx: Context, setup: str, kind: str
) -> None:
    group = await make_group(uow, ctx, opened=False)
    vid = uuid.uuid4()
    if setup != "unknown":
        vid = await train(uow, ctx, "bradford" if setup == "other_area" else "leeds")
    if setup == "expired":
        await expire(uow, ctx, vid)
    if setup == "paused":
        await volunteer(uow, ctx, VOLUNTEER_PAUSED, vid)
    with pytest.raises(RuleBroken) as refused:
        await group_lifecycle.assign_facilitator(group.id, vid, uow, ctx, any_area)
    assert (refused.value.field, refused.value.kind) == ("volunteer_id", kind)


async def test_assigning_twice_is_a_conflict_and_once_is_published(
    uow: FakeUnitOfWork, ctx: Context
) -> None:
    group = await make_group(uow, ctx, opened=False, leaders=[])
    vid = await train(uow, ctx)
    await group_lifecycle.assign_facilitator(group.id, vid, uow, ctx, any_area)
    [assigned] = uow.outbox.of(events.FacilitatorAssigned)
    assert (assigned.volunteer_id, assigned.schedule_text) == (
        vid,
        "Weekly on Tuesdays, 18:30\u201320:00",
    )
    with pytest.raises(Conflict):
        await group_lifecycle.assign_facilitator(group.id, vid, uow, ctx, any_area)


async def test_a_group_opens_only_with_an_eligible_facilitator(
    uow: FakeUnitOfWork, ctx: Context
) -> None:
    group = await make_group(uow, ctx, opened=False, leaders=[])
    with pytest.raises(RuleBroken) as refused:
        await group_lifecycle.open_group(group.id, uow, ctx, any_area)
    assert refused.value.kind == "no_eligible_facilitator"
    assert uow.store.groups[group.id].status.value == "planned"


async def test_the_last_eligible_facilitator_lapsing_flags_the_group(
    uow: FakeUnitOfWork, ctx: Context
) -> None:
    first, second = await train(uow, ctx), await train(uow, ctx)
    group = await make_group(uow, ctx, leaders=[first, second])
    await expire(uow, ctx, first, "dbs")
    assert uow.outbox.of(events.GroupFacilitatorLapsed) == []
    await volunteer(uow, ctx, VOLUNTEER_LEFT, second)
    [lapsed] = uow.outbox.of(events.GroupFacilitatorLapsed)
    assert (lapsed.group_id, lapsed.volunteer_id) == (group.id, second)
    assert uow.store.groups[group.id].facilitator_lapsed
    await volunteer(uow, ctx, VOLUNTEER_LEFT, second)  # news again: flagged once only
    assert len(uow.outbox.of(events.GroupFacilitatorLapsed)) == 1
    replacement = await train(uow, ctx)
    await group_lifecycle.assign_facilitator(group.id, replacement, uow, ctx, any_area)
    assert not uow.store.groups[group.id].facilitator_lapsed


async def test_pause_flags_and_resume_clears(uow: FakeUnitOfWork, ctx: Context) -> None:
    vid = await train(uow, ctx)
    group = await make_group(uow, ctx, leaders=[vid])
    await volunteer(uow, ctx, VOLUNTEER_PAUSED, vid)
    assert uow.store.groups[group.id].facilitator_lapsed
    await volunteer(uow, ctx, VOLUNTEER_RESUMED, vid)
    assert not uow.store.groups[group.id].facilitator_lapsed


async def test_training_running_out_without_news_is_found_by_the_sweep(
    uow: FakeUnitOfWork, ctx: Context, clock: MovableClock
) -> None:
    vid = await train(uow, ctx, days=30)
    group = await make_group(uow, ctx, leaders=[vid])
    assert await roster.sweep_lapses(uow, ctx) == 0
    clock.advance(days=31)
    assert await roster.sweep_lapses(uow, ctx) == 1
    assert uow.store.groups[group.id].facilitator_lapsed


async def test_news_of_a_volunteer_who_never_trained_is_ignored(
    uow: FakeUnitOfWork, ctx: Context
) -> None:
    await volunteer(uow, ctx, VOLUNTEER_LEFT, uuid.uuid4())
    assert uow.store.facilitators == {}


async def test_facilitators_named_at_set_up_are_assigned_too(
    uow: FakeUnitOfWork, ctx: Context
) -> None:
    leaders = [await train(uow, ctx), await train(uow, ctx)]
    group = await make_group(uow, ctx, opened=False, leaders=leaders)
    assigned = uow.outbox.of(events.FacilitatorAssigned)
    assert [(a.group_id, a.volunteer_id) for a in assigned] == [(group.id, v) for v in leaders]

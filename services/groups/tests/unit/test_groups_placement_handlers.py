"""Placement through the service layer with fakes: offers, the waiting list, freed places."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from groups import events
from groups.consumed_events import ReferralAccepted, ReferralClosed
from groups.domain.commands import UpdateGroup
from groups.domain.errors import IllegalTransition, RuleBroken
from groups.domain.model import Format, GroupStatus
from groups.domain.placement import LeaveReason, PlacementStatus
from groups.service_layer import closures, group_lifecycle, offer_expiry, placements
from groups.service_layer.context import Context, any_area
from tests.fixtures.contract_payloads import consumed_example

from .conftest import MovableClock, in_person, make_group, meta, online, refer
from .fakes import FakeUnitOfWork

CLOSED = "t2t.referrals.ReferralClosed.v1"


def closed(referral_id: uuid.UUID, outcome: str, erased: bool = False) -> ReferralClosed:
    return consumed_example(
        ReferralClosed, CLOSED, referral_id=referral_id, outcome=outcome, erased=erased
    )


async def test_a_referral_is_offered_the_nearest_open_group_with_room(
    uow: FakeUnitOfWork, ctx: Context
) -> None:
    far = await make_group(uow, ctx, where=in_person("LS1 4DY", "City"))  # 4 km from LS6
    near = await make_group(uow, ctx, where=in_person("LS6 3HN", "Headingley"))  # 1 km
    placed = await refer(uow, ctx, "LS6")
    assert (placed.status, placed.group_id) == (PlacementStatus.OFFERED, near.id)
    [offer] = uow.outbox.of(events.PlaceOffered)
    assert offer.distance_km == 1.0
    assert (offer.postcode_district, offer.area) == ("LS6", "leeds")
    assert offer.offer_expires_at == ctx.now() + timedelta(days=7)
    assert offer.first_session_at is not None
    from_ls2 = await refer(uow, ctx, "LS2")  # 1 km from the city venue, 2 km from Headingley
    assert from_ls2.group_id == far.id


async def test_format_preferences_are_honoured(uow: FakeUnitOfWork, ctx: Context) -> None:
    venue = await make_group(uow, ctx)
    web = await make_group(uow, ctx, where=online())
    assert (await refer(uow, ctx, preference=Format.ONLINE)).group_id == web.id
    assert (await refer(uow, ctx, preference=Format.IN_PERSON)).group_id == venue.id
    assert (await refer(uow, ctx)).group_id == venue.id  # no preference: in person first
    assert (await refer(uow, ctx)).group_id == web.id  # then online when in person is full
    waiting = await refer(uow, ctx, preference=Format.IN_PERSON)
    assert waiting.status is PlacementStatus.WAITING  # never online for an in-person person


async def test_with_no_room_people_wait_first_referred_first(
    uow: FakeUnitOfWork, ctx: Context
) -> None:
    await make_group(uow, ctx, capacity=1)
    await refer(uow, ctx, hours_ago=10)
    later = await refer(uow, ctx, hours_ago=2)
    earlier = await refer(uow, ctx, hours_ago=5)  # arrives last, referred earlier
    positions = {e.referral_id: e.position for e in uow.outbox.of(events.MemberWaitlisted)}
    assert positions == {later.referral_id: 1, earlier.referral_id: 1}
    waiting = await placements.waiting_list("leeds", uow)
    assert [p.referral_id for p in waiting] == [earlier.referral_id, later.referral_id]


async def test_a_member_leaving_frees_the_place_for_the_head_who_fits(
    uow: FakeUnitOfWork, ctx: Context
) -> None:
    group = await make_group(uow, ctx, capacity=1)
    member = await refer(uow, ctx, hours_ago=9)
    wants_online = await refer(uow, ctx, hours_ago=8, preference=Format.ONLINE)
    next_up = await refer(uow, ctx, hours_ago=7)
    await placements.accept(member.referral_id, uow, ctx, any_area)
    await placements.leave(member.referral_id, LeaveReason.MOVED_AWAY, uow, ctx, any_area)
    [left] = uow.outbox.of(events.MemberLeft)
    assert (left.reason, left.members, left.capacity) == ("moved_away", 0, 1)
    offered = await placements.get(next_up.referral_id, uow, any_area)
    assert (offered.status, offered.group_id) == (PlacementStatus.OFFERED, group.id)
    still = await placements.get(wants_online.referral_id, uow, any_area)
    assert still.status is PlacementStatus.WAITING


async def test_a_declined_offer_passes_on_at_once(uow: FakeUnitOfWork, ctx: Context) -> None:
    await make_group(uow, ctx, capacity=1)
    first = await refer(uow, ctx, hours_ago=3)
    second = await refer(uow, ctx, hours_ago=2)
    await placements.decline(first.referral_id, uow, ctx, any_area)
    assert uow.outbox.names()[-2:] == ["OfferDeclined", "PlaceOffered"]
    assert uow.outbox.events[-1].referral_id == second.referral_id  # type: ignore[attr-defined]
    with pytest.raises(IllegalTransition) as refused:
        await placements.accept(first.referral_id, uow, ctx, any_area)
    assert refused.value.current == "declined"


async def test_offers_expire_on_the_sweep_and_the_place_passes_on(
    uow: FakeUnitOfWork, ctx: Context, clock: MovableClock
) -> None:
    await make_group(uow, ctx, capacity=1)
    first = await refer(uow, ctx, hours_ago=3)
    second = await refer(uow, ctx, hours_ago=2)
    clock.advance(days=6, hours=23)
    assert await offer_expiry.expire_offers(uow, ctx) == 0
    clock.advance(hours=1)
    assert await offer_expiry.expire_offers(uow, ctx) == 1
    assert uow.outbox.names()[-2:] == ["OfferExpired", "PlaceOffered"]
    assert (await placements.get(first.referral_id, uow, any_area)).status.value == "expired"
    assert (await placements.get(second.referral_id, uow, any_area)).status.value == "offered"


async def test_more_capacity_offers_the_new_places_and_less_than_taken_is_refused(
    uow: FakeUnitOfWork, ctx: Context
) -> None:
    group = await make_group(uow, ctx, capacity=1)
    await refer(uow, ctx)
    waiting = await refer(uow, ctx)
    with pytest.raises(RuleBroken) as refused:
        await group_lifecycle.update_group(group.id, UpdateGroup(capacity=0), uow, ctx, any_area)
    assert refused.value.field == "capacity"
    grown = await group_lifecycle.update_group(
        group.id, UpdateGroup(capacity=2), uow, ctx, any_area
    )
    assert (grown.status, grown.free_places) == (GroupStatus.FULL, 0)
    assert (await placements.get(waiting.referral_id, uow, any_area)).group_id == group.id
    assert "GroupUpdated" in uow.outbox.names()


async def test_opening_a_group_offers_it_to_the_waiting_list(
    uow: FakeUnitOfWork, ctx: Context
) -> None:
    waiting = await refer(uow, ctx)
    assert waiting.status is PlacementStatus.WAITING
    group = await make_group(uow, ctx, opened=False)
    await group_lifecycle.open_group(group.id, uow, ctx, any_area)
    assert (await placements.get(waiting.referral_id, uow, any_area)).group_id == group.id
    names = uow.outbox.names()
    assert (
        names.index("GroupOpened") < names.index("SessionScheduled") < names.index("PlaceOffered")
    )


async def test_a_coordinator_moves_a_member_and_the_old_place_is_offered(
    uow: FakeUnitOfWork, ctx: Context
) -> None:
    first = await make_group(uow, ctx, capacity=1)
    other = await make_group(uow, ctx, capacity=1, where=in_person("LS1 4DY", "City"))
    member = await refer(uow, ctx, "LS6", hours_ago=5)
    await placements.accept(member.referral_id, uow, ctx, any_area)
    await refer(uow, ctx, "LS2", hours_ago=4)  # takes the city group's place
    waiting = await refer(uow, ctx, "LS6", hours_ago=3)
    with pytest.raises(RuleBroken, match="no free place"):
        await placements.move(member.referral_id, other.id, uow, ctx, any_area)
    await group_lifecycle.update_group(other.id, UpdateGroup(capacity=2), uow, ctx, any_area)
    # The new city place went to the waiting person; grow it again for the move.
    await group_lifecycle.update_group(other.id, UpdateGroup(capacity=3), uow, ctx, any_area)
    moved = await placements.move(member.referral_id, other.id, uow, ctx, any_area)
    assert (moved.group_id, moved.status) == (other.id, PlacementStatus.MEMBER)
    [event] = uow.outbox.of(events.MemberMoved)
    assert (event.from_group_id, event.group_id) == (first.id, other.id)
    # Both groups' fill after the move: the mover is the city group's one member (its other
    # places are held by offers); the first group lost its only member.
    assert (event.members, event.capacity) == (1, 3)
    assert (event.from_members, event.from_capacity) == (0, 1)
    assert (await placements.get(waiting.referral_id, uow, any_area)).status.value == "offered"


async def test_the_same_event_twice_places_once(uow: FakeUnitOfWork, ctx: Context) -> None:
    await make_group(uow, ctx)
    again = meta()
    event = consumed_example(
        ReferralAccepted,
        "t2t.referrals.ReferralAccepted.v1",
        referral_id=uuid.uuid4(),
        person_id=uuid.uuid4(),
        area="leeds",
        postcode_district="LS6",
        format_preference=None,
        received_at=ctx.now(),
        accepted_at=ctx.now(),
    )
    assert await placements.on_referral_accepted(event, again, uow, ctx) is not None
    assert await placements.on_referral_accepted(event, again, uow, ctx) is None
    assert await placements.on_referral_accepted(event, meta(), uow, ctx) is None
    assert len(uow.outbox.of(events.PlaceOffered)) == 1


async def test_closing_a_group_ends_memberships_and_places_offers_again(
    uow: FakeUnitOfWork, ctx: Context
) -> None:
    closing = await make_group(uow, ctx, capacity=2)
    member = await refer(uow, ctx, hours_ago=5)
    holder = await refer(uow, ctx, hours_ago=4)
    await placements.accept(member.referral_id, uow, ctx, any_area)
    elsewhere = await make_group(uow, ctx, capacity=1, where=in_person("LS1 4DY", "City"))
    await group_lifecycle.close_group(closing.id, "venue_unavailable", uow, ctx, any_area)
    assert (await placements.get(member.referral_id, uow, any_area)).status.value == "left"
    moved_on = await placements.get(holder.referral_id, uow, any_area)
    assert (moved_on.status, moved_on.group_id) == (PlacementStatus.OFFERED, elsewhere.id)
    assert {"GroupClosed", "MemberLeft", "SessionCancelled"} <= set(uow.outbox.names())


async def test_a_closed_referral_frees_its_offer_for_the_head_of_the_list(
    uow: FakeUnitOfWork, ctx: Context
) -> None:
    group = await make_group(uow, ctx, capacity=1)
    offered = await refer(uow, ctx, hours_ago=3)
    waiting = await refer(uow, ctx, hours_ago=2)
    news = closed(offered.referral_id, "unreachable")
    cancelled = await closures.on_referral_closed(news, meta(), uow, ctx)
    assert cancelled is not None
    assert cancelled.status is PlacementStatus.CANCELLED
    [event] = uow.outbox.of(events.PlacementCancelled)
    assert (event.group_id, event.was) == (group.id, "offered")
    now_offered = await placements.get(waiting.referral_id, uow, any_area)
    assert (now_offered.status, now_offered.group_id) == (PlacementStatus.OFFERED, group.id)


async def test_an_erased_person_leaves_the_group_and_the_list_and_their_offer_goes(
    uow: FakeUnitOfWork, ctx: Context
) -> None:
    group = await make_group(uow, ctx, capacity=2)
    member = await refer(uow, ctx, hours_ago=5)
    await placements.accept(member.referral_id, uow, ctx, any_area)
    offered = await refer(uow, ctx, hours_ago=4)
    waiting = await refer(uow, ctx, hours_ago=3)
    later = await refer(uow, ctx, hours_ago=2)

    for p in (member, offered, waiting):
        news = closed(p.referral_id, "other", erased=True)
        await closures.on_referral_closed(news, meta(), uow, ctx)

    statuses = [
        (await placements.get(p.referral_id, uow, any_area)).status
        for p in (member, offered, waiting)
    ]
    assert statuses == [PlacementStatus.LEFT, PlacementStatus.CANCELLED, PlacementStatus.CANCELLED]
    [left] = uow.outbox.of(events.MemberLeft)
    assert (left.referral_id, left.reason) == (member.referral_id, "other")
    # The member's place went to the head of the list (waiting) before its own closure came.
    cancelled = {e.referral_id: e.was for e in uow.outbox.of(events.PlacementCancelled)}
    assert cancelled == {offered.referral_id: "offered", waiting.referral_id: "offered"}
    for p in (member, offered, waiting):
        kept = await placements.get(p.referral_id, uow, any_area)
        assert (kept.postcode_district, kept.distance_km) == (None, None)
    now = await placements.get(later.referral_id, uow, any_area)
    assert (now.status, now.group_id) == (PlacementStatus.OFFERED, group.id), "places freed"


async def test_a_closed_referral_leaves_the_list_and_a_member_stays(
    uow: FakeUnitOfWork, ctx: Context
) -> None:
    await make_group(uow, ctx, capacity=1)
    member = await refer(uow, ctx, hours_ago=3)
    await placements.accept(member.referral_id, uow, ctx, any_area)
    waiting = await refer(uow, ctx, hours_ago=2)
    for p in (member, waiting):
        news = closed(p.referral_id, "declined_by_person")
        await closures.on_referral_closed(news, meta(), uow, ctx)
    assert (await placements.get(member.referral_id, uow, any_area)).status is (
        PlacementStatus.MEMBER
    )
    assert await placements.waiting_list("leeds", uow) == []
    [event] = uow.outbox.of(events.PlacementCancelled)
    assert (event.referral_id, event.group_id, event.was) == (waiting.referral_id, None, "waiting")

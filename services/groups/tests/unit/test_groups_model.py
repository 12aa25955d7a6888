"""Groups and placements as state machines: what may happen, and what is refused."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

import pytest

from groups.domain import events as happened
from groups.domain.errors import IllegalTransition, RuleBroken
from groups.domain.model import Format, Group, GroupStatus, Venue
from groups.domain.placement import LeaveReason, Placement, PlacementStatus, waiting_order
from groups.domain.schedule import Frequency, Schedule

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def group(capacity: int = 2, status: GroupStatus = GroupStatus.OPEN, **kw: object) -> Group:
    values: dict[str, object] = {
        "id": uuid.uuid4(),
        "name": "Headingley Tuesdays",
        "area": "leeds",
        "format": Format.IN_PERSON,
        "schedule": Schedule(Frequency.WEEKLY, 1, time(18, 30), 90, date(2026, 1, 1)),
        "capacity": capacity,
        "created_at": NOW,
        "venue": Venue("Centre", "8 Bennett Road", "LS6 3HN"),
        "status": status,
    }
    values.update(kw)
    return Group(**values)  # type: ignore[arg-type]


def placement(minutes_ago: int = 0, preference: Format | None = None) -> Placement:
    return Placement(
        referral_id=uuid.uuid4(),
        person_id=uuid.uuid4(),
        area="leeds",
        postcode_district="LS6",
        format_preference=preference,
        received_at=NOW - timedelta(minutes=minutes_ago),
        accepted_at=NOW,
    )


def offered(g: Group) -> Placement:
    p = placement()
    p.offer(g, at=NOW, expires_at=NOW + timedelta(days=7), distance_km=1.0)
    return p


def test_a_group_opens_only_with_an_eligible_facilitator() -> None:
    g = group(status=GroupStatus.PLANNED)
    with pytest.raises(RuleBroken) as refused:
        g.open(has_eligible_facilitator=False)
    assert refused.value.kind == "no_eligible_facilitator"
    g.open(has_eligible_facilitator=True)
    assert g.status is GroupStatus.OPEN
    with pytest.raises(IllegalTransition) as again:
        g.open(has_eligible_facilitator=True)
    assert again.value.current == "open"


def test_offers_fill_a_group_and_a_freed_place_reopens_it() -> None:
    g = group(capacity=2)
    first, _ = offered(g), offered(g)
    assert (g.status, g.free_places) == (GroupStatus.FULL, 0)
    with pytest.raises(RuleBroken, match="no free place"):
        offered(g)
    first.decline(g)
    assert (g.status, g.free_places, g.offers) == (GroupStatus.OPEN, 1, 1)


def test_capacity_cannot_drop_below_the_places_taken() -> None:
    g = group(capacity=3)
    offered(g).accept(g, NOW)
    offered(g)
    with pytest.raises(RuleBroken) as refused:
        g.change_capacity(1)
    assert (refused.value.field, refused.value.kind) == ("capacity", "over_capacity")
    g.change_capacity(2)
    assert g.status is GroupStatus.FULL


def test_a_closed_group_stays_closed() -> None:
    g = group()
    g.close("ended", NOW)
    for action in (lambda: g.close("ended", NOW), lambda: g.change_capacity(5), lambda: offered(g)):
        with pytest.raises(IllegalTransition) as refused:
            action()
        assert refused.value.current == "closed"


def test_in_person_needs_a_venue_and_online_a_link() -> None:
    with pytest.raises(RuleBroken, match="venue"):
        group(venue=None)
    with pytest.raises(RuleBroken, match="joining_link"):
        group(format=Format.ONLINE, venue=None)


def test_a_placement_from_offer_to_member_to_leaving() -> None:
    g = group()
    p = offered(g)
    p.accept(g, NOW + timedelta(days=1))
    assert (p.status, g.members, g.offers) == (PlacementStatus.MEMBER, 1, 0)
    with pytest.raises(IllegalTransition) as refused:
        p.decline(g)
    assert refused.value.current == "member"
    p.leave(g, LeaveReason.HEALTH, NOW)
    assert (p.status, p.left_reason, g.members) == (PlacementStatus.LEFT, LeaveReason.HEALTH, 0)


def test_an_offer_cannot_be_accepted_once_it_has_run_out() -> None:
    g = group()
    p = offered(g)
    with pytest.raises(IllegalTransition, match="expired"):
        p.accept(g, NOW + timedelta(days=8))
    with pytest.raises(IllegalTransition, match="still open"):
        p.expire(g, NOW + timedelta(days=6))
    p.expire(g, NOW + timedelta(days=7))
    assert (p.status, g.free_places) == (PlacementStatus.EXPIRED, 2)


def test_moving_a_member_takes_a_place_in_the_new_group_and_frees_the_old() -> None:
    old, new = group(capacity=1), group(capacity=1)
    p = offered(old)
    p.accept(old, NOW)
    p.move(old, new)
    assert (old.members, new.members, p.group_id) == (0, 1, new.id)
    assert (old.status, new.status) == (GroupStatus.OPEN, GroupStatus.FULL)
    other = offered(old)
    with pytest.raises(RuleBroken, match="no free place"):
        other.move(old, new)
    assert [type(e) for e in other.events] == [happened.Offered]  # a refused move records nothing


def test_a_placement_records_what_happened_to_it_with_both_groups_fill() -> None:
    old, new = group(capacity=3), group(capacity=2)
    p = offered(old)
    p.accept(old, NOW, answered_by="person")
    p.move(old, new)
    p.leave(new, LeaveReason.HEALTH, NOW)
    assert p.events == [
        happened.Offered(old.id),
        happened.Joined(old.id, members=1, capacity=3, answered_by="person"),
        happened.Moved(old.id, new.id, members=1, capacity=2, from_members=0, from_capacity=3),
        happened.Left(new.id, "health", members=0, capacity=2),
    ]


def test_a_group_records_its_opening_and_closing() -> None:
    g = group(capacity=4, status=GroupStatus.PLANNED)
    g.open(has_eligible_facilitator=True)
    g.close("ended", NOW)
    assert g.events == [happened.Opened(4, 4), happened.Closed("ended", NOW)]


def test_a_preference_decides_which_groups_fit() -> None:
    online = group(format=Format.ONLINE, venue=None, joining_link="https://meet.example/t2t")
    assert placement(preference=Format.ONLINE).fits(online)
    assert not placement(preference=Format.IN_PERSON).fits(online)
    assert placement().fits(online)


def test_the_waiting_list_is_first_referred_first_offered() -> None:
    early, middle, late = placement(30), placement(20), placement(10)
    assert sorted([late, early, middle], key=waiting_order) == [early, middle, late]

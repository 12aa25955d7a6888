"""Placements in groups, driven at random: a placement only takes the allowed steps, ended
ones stay ended, and each group's counts always match the placements holding its places."""

from __future__ import annotations

import copy
import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, rule

from groups.domain.errors import GroupsError
from groups.domain.model import Format, Group
from groups.domain.placement import LeaveReason, Placement, PlacementStatus
from groups.domain.schedule import Frequency, Schedule

P = PlacementStatus
LEGAL: dict[PlacementStatus, set[PlacementStatus]] = {
    P.WAITING: {P.OFFERED, P.CANCELLED},
    P.OFFERED: {P.MEMBER, P.DECLINED, P.EXPIRED, P.WAITING, P.CANCELLED},
    P.MEMBER: {P.LEFT},
    P.DECLINED: set(),
    P.EXPIRED: set(),
    P.LEFT: set(),
    P.CANCELLED: set(),
}
TERMINAL = {s for s, after in LEGAL.items() if not after}
WEEKLY = Schedule(Frequency.WEEKLY, 1, time(18, 30), 90, date(2026, 12, 1))


class Placements(RuleBasedStateMachine):
    placements = Bundle("placements")

    def __init__(self) -> None:
        super().__init__()
        self.now = datetime(2026, 12, 1, 9, tzinfo=UTC)
        self.groups: list[Group] = []
        self.all: list[Placement] = []

    @initialize(capacities=st.lists(st.integers(1, 3), min_size=2, max_size=2))
    def open_groups(self, capacities: list[int]) -> None:
        for capacity in capacities:
            group = Group(
                id=uuid.uuid4(),
                name="Tuesdays",
                area="leeds",
                format=Format.ONLINE,
                schedule=WEEKLY,
                capacity=capacity,
                created_at=self.now,
                joining_link="https://meet.example.org/t2t",
            )
            group.open(has_eligible_facilitator=True)
            self.groups.append(group)

    @rule(target=placements)
    def refer(self) -> Placement:
        placement = Placement(
            referral_id=uuid.uuid4(),
            person_id=uuid.uuid4(),
            area="leeds",
            postcode_district="LS6",
            format_preference=None,
            received_at=self.now,
            accepted_at=self.now,
        )
        self.all.append(placement)
        return placement

    def _group(self, placement: Placement) -> Group:
        return next((g for g in self.groups if g.id == placement.group_id), self.groups[0])

    def _step(self, placement: Placement, action: Any) -> None:
        before = (copy.deepcopy(vars(placement)), [copy.deepcopy(vars(g)) for g in self.groups])
        self.now += timedelta(hours=6)
        try:
            action()
        except (GroupsError, ValueError):
            after = (vars(placement), [vars(g) for g in self.groups])
            assert after == before, "a refused step changed a placement or a group"
            return
        was, now = before[0]["status"], placement.status
        if was in TERMINAL:
            assert vars(placement) == before[0], f"a {was} placement changed"
        elif now != was:
            assert now in LEGAL[was], f"illegal step {was} -> {now}"

    @rule(placement=placements)
    def wait(self, placement: Placement) -> None:
        self._step(placement, lambda: placement.wait(self.now))

    @rule(placement=placements, which=st.integers(0, 1), days=st.integers(1, 10))
    def offer(self, placement: Placement, which: int, days: int) -> None:
        group = self.groups[which]
        expires = self.now + timedelta(days=days)
        self._step(
            placement,
            lambda: placement.offer(group, at=self.now, expires_at=expires, distance_km=1.5),
        )

    @rule(placement=placements)
    def accept(self, placement: Placement) -> None:
        self._step(placement, lambda: placement.accept(self._group(placement), self.now))

    @rule(placement=placements)
    def decline(self, placement: Placement) -> None:
        self._step(placement, lambda: placement.decline(self._group(placement)))

    @rule(placement=placements, later=st.integers(0, 12))
    def expire(self, placement: Placement, later: int) -> None:
        at = self.now + timedelta(days=later)
        self._step(placement, lambda: placement.expire(self._group(placement), at))

    @rule(placement=placements, reason=st.sampled_from(list(LeaveReason)))
    def leave(self, placement: Placement, reason: LeaveReason) -> None:
        self._step(placement, lambda: placement.leave(self._group(placement), reason, self.now))

    @rule(placement=placements, which=st.integers(0, 1))
    def move(self, placement: Placement, which: int) -> None:
        self._step(placement, lambda: placement.move(self._group(placement), self.groups[which]))

    @rule(placement=placements)
    def withdraw(self, placement: Placement) -> None:
        self._step(placement, lambda: placement.withdraw(self._group(placement)))

    @rule(placement=placements, gate=st.integers(0, 3))
    def cancel(self, placement: Placement, gate: int) -> None:
        if gate:  # one time in four: cancelling ends a placement's story
            return
        group = self._group(placement) if placement.status is P.OFFERED else None
        self._step(placement, lambda: placement.cancel(group))

    @invariant()
    def groups_count_the_places_placements_hold(self) -> None:
        for group in self.groups:
            here = [p for p in self.all if p.group_id == group.id]
            assert group.offers == sum(p.status is P.OFFERED for p in here)
            assert group.members == sum(p.status is P.MEMBER for p in here)
            assert 0 <= group.taken <= group.capacity

    @invariant()
    def a_pending_or_member_placement_is_where_it_says(self) -> None:
        for p in self.all:
            if p.status is P.WAITING:
                assert p.group_id is None
            if p.status in (P.OFFERED, P.MEMBER):
                assert p.group_id in {g.id for g in self.groups}


TestPlacements = Placements.TestCase

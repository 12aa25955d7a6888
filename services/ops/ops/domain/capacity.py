"""Capacity per area: groups open and full, free places, and the waiting list."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from ops.domain.observed import ObservedEvent

LEAVES_WAITING_LIST = {
    "PlaceOffered",
    "MemberJoined",
    "PlacementCancelled",
    "ReferralClosed",
    "ReferralRejected",
}


@dataclass
class GroupState:
    area: str | None
    status: str = "planned"
    capacity: int = 0
    free_places: int = 0
    # Member events are keyed by referral and may arrive before the group's own events.
    described: bool = False
    opened_at: datetime | None = None
    closed_at: datetime | None = None

    @property
    def full(self) -> bool:
        return self.status == "full" or (self.status == "open" and self.free_places <= 0)


@dataclass(frozen=True)
class AreaCapacity:
    area: str
    groups_planned: int
    groups_open: int
    groups_full: int
    free_places: int
    waiting: int


@dataclass
class Capacity:
    groups: dict[str, GroupState] = field(default_factory=dict)
    waiting: dict[str, str | None] = field(default_factory=dict)

    def apply(self, event: ObservedEvent) -> None:
        if event.name in LEAVES_WAITING_LIST:
            self.waiting.pop(event.text("referral_id") or event.subject or "", None)
        if event.service != "groups":
            return
        if event.name == "MemberWaitlisted":
            self.waiting[event.text("referral_id") or event.subject or ""] = event.area
            return
        update_groups(self.groups, event)

    def report(self, area: str | None = None) -> list[AreaCapacity]:
        areas = {g.area for g in self.groups.values() if g.described}
        areas |= set(self.waiting.values())
        names = sorted(a for a in areas if a is not None and (area is None or a == area))
        waiting = Counter(self.waiting.values())
        return [area_capacity(n, self.groups.values(), waiting[n]) for n in names]


def area_capacity(area: str, groups: Iterable[GroupState], waiting: int) -> AreaCapacity:
    described = [g for g in groups if g.area == area and g.described]
    running = [g for g in described if g.status in {"open", "full"}]
    return AreaCapacity(
        area=area,
        groups_planned=sum(1 for g in described if g.status == "planned"),
        groups_open=sum(1 for g in running if not g.full),
        groups_full=sum(1 for g in running if g.full),
        free_places=sum(max(0, g.free_places) for g in running),
        waiting=waiting,
    )


def group_of(event: ObservedEvent) -> str | None:
    """The group a groups event changes, if any (placement events carry it as a field)."""
    if event.service != "groups" or event.name == "MemberWaitlisted":
        return None
    return event.text("group_id") or (event.subject if event.name.startswith("Group") else None)


def groups_of(event: ObservedEvent) -> list[str]:
    """Every group a groups event changes: a move changes the group left as well."""
    found = [group] if (group := group_of(event)) is not None else []
    return found + ([left] if (left := moved_from(event)) is not None else [])


def moved_from(event: ObservedEvent) -> str | None:
    if event.service != "groups" or event.name != "MemberMoved":
        return None
    return event.text("from_group_id")


def update_groups(groups: dict[str, GroupState], event: ObservedEvent) -> None:
    """Apply a groups event to each group it changes (`groups` holds them or gains them)."""
    if (group := group_of(event)) is not None:
        update_group(groups.setdefault(group, GroupState(event.area)), event)
    if (left := moved_from(event)) is not None:
        update_group_left(groups.setdefault(left, GroupState(event.area)), event)


def update_group_left(group: GroupState, event: ObservedEvent) -> None:
    """The group a member moved out of, from the move's `from_*` figures.

    Moves published before the figures were added carry none: the group is left as it was,
    until the group's next event with figures.
    """
    group.area = group.area or event.area
    capacity, members = event.number("from_capacity"), event.number("from_members")
    if capacity is not None:
        group.capacity = int(capacity)
    if members is not None:
        group.free_places = max(0, group.capacity - int(members))


def update_group(group: GroupState, event: ObservedEvent) -> None:
    group.area = group.area or event.area
    group.described = group.described or event.name.startswith("Group")
    capacity = event.number("capacity")
    if capacity is not None:
        group.capacity = int(capacity)
    if event.name == "GroupCreated":
        group.free_places = group.capacity
    elif event.name == "GroupOpened":
        group.status = "open"
        group.opened_at = group.opened_at or event.time
    elif event.name == "GroupClosed":
        group.status = "closed"
        group.closed_at = event.moment("closed_at") or event.time
    elif event.name == "GroupUpdated" and event.text("status") in {"open", "full"}:
        group.status = event.text("status") or group.status
    free = event.number("free_places")
    members = event.number("members")
    if free is not None:
        group.free_places = int(free)
    elif members is not None and event.name in {"MemberJoined", "MemberLeft", "MemberMoved"}:
        group.free_places = max(0, group.capacity - int(members))

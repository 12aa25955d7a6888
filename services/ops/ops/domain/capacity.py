"""Capacity per area: groups open and full, free places, and the waiting list."""

from __future__ import annotations

from dataclasses import dataclass, field

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
        group_id = event.text("group_id") or (
            event.subject if event.name.startswith("Group") else None
        )
        if group_id is None:
            return
        group = self.groups.setdefault(group_id, GroupState(event.area))
        group.area = group.area or event.area
        group.described = group.described or event.name.startswith("Group")
        self._update(group, event)

    def _update(self, group: GroupState, event: ObservedEvent) -> None:
        capacity = event.number("capacity")
        if capacity is not None:
            group.capacity = int(capacity)
        if event.name == "GroupCreated":
            group.free_places = group.capacity
        elif event.name == "GroupOpened":
            group.status = "open"
        elif event.name == "GroupClosed":
            group.status = "closed"
        elif event.name == "GroupUpdated" and event.text("status") in {"open", "full"}:
            group.status = event.text("status") or group.status
        free = event.number("free_places")
        members = event.number("members")
        if free is not None:
            group.free_places = int(free)
        elif members is not None and event.name in {"MemberJoined", "MemberLeft"}:
            group.free_places = max(0, group.capacity - int(members))

    def report(self, area: str | None = None) -> list[AreaCapacity]:
        areas = {g.area for g in self.groups.values() if g.described}
        areas |= set(self.waiting.values())
        names = sorted(a for a in areas if a is not None and (area is None or a == area))
        return [self._area(name) for name in names]

    def _area(self, area: str) -> AreaCapacity:
        groups = [g for g in self.groups.values() if g.area == area and g.described]
        running = [g for g in groups if g.status in {"open", "full"}]
        return AreaCapacity(
            area=area,
            groups_planned=sum(1 for g in groups if g.status == "planned"),
            groups_open=sum(1 for g in running if not g.full),
            groups_full=sum(1 for g in running if g.full),
            free_places=sum(max(0, g.free_places) for g in running),
            waiting=sum(1 for a in self.waiting.values() if a == area),
        )

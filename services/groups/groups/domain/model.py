"""A peer support group: where and when it meets, how many it takes, and where it stands."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from groups.domain import events as happened
from groups.domain.errors import IllegalTransition, RuleBroken
from groups.domain.schedule import Schedule
from t2t_shared.kernel.contact import district_of


class Format(StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"


class GroupStatus(StrEnum):
    PLANNED = "planned"
    OPEN = "open"
    FULL = "full"
    CLOSED = "closed"


@dataclass(frozen=True)
class Venue:
    """A public place (not personal data): its details may travel on public events."""

    name: str
    address: str
    postcode: str
    accessibility_notes: str | None = None

    @property
    def district(self) -> str:
        return district_of(self.postcode)


@dataclass
class Group:
    id: uuid.UUID
    name: str
    area: str
    format: Format
    schedule: Schedule
    capacity: int
    created_at: datetime
    venue: Venue | None = None
    joining_link: str | None = None
    status: GroupStatus = GroupStatus.PLANNED
    facilitator_lapsed: bool = False
    closed_at: datetime | None = None
    close_reason: str | None = None
    # Loaded with the group, counted from placements: never stored on the group row.
    members: int = 0
    offers: int = 0
    facilitator_ids: list[uuid.UUID] = field(default_factory=list)
    # What happened since it was loaded, for publishing; never stored.
    events: list[happened.GroupChange] = field(default_factory=list, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.format is Format.IN_PERSON and self.venue is None:
            raise RuleBroken("venue", "an in-person group needs a venue")
        if self.format is Format.ONLINE and not self.joining_link:
            raise RuleBroken("joining_link", "an online group needs a joining link")
        if self.capacity < 1:
            raise RuleBroken("capacity", "capacity is at least 1")

    @property
    def postcode_district(self) -> str | None:
        return self.venue.district if self.venue else None

    @property
    def taken(self) -> int:
        """Places taken: members, and offers still waiting for an answer."""
        return self.members + self.offers

    @property
    def free_places(self) -> int:
        return max(0, self.capacity - self.taken)

    @property
    def takes_people(self) -> bool:
        """Open (or full): people can be placed here when a place is free."""
        return self.status in (GroupStatus.OPEN, GroupStatus.FULL)

    def open(self, *, has_eligible_facilitator: bool) -> None:
        if self.status is not GroupStatus.PLANNED:
            raise IllegalTransition("the group", self.status.value, "open it")
        if not has_eligible_facilitator:
            raise RuleBroken(
                "facilitators",
                "a group opens only with at least one eligible facilitator; assign one first",
                "no_eligible_facilitator",
            )
        self.status = GroupStatus.OPEN
        self.refresh_status()
        self.events.append(happened.Opened(self.capacity, self.free_places))

    def close(self, reason: str, at: datetime) -> None:
        if self.status is GroupStatus.CLOSED:
            raise IllegalTransition("the group", self.status.value, "close it")
        self.status = GroupStatus.CLOSED
        self.closed_at = at
        self.close_reason = reason
        self.events.append(happened.Closed(reason, at))

    def change_capacity(self, capacity: int) -> None:
        if self.status is GroupStatus.CLOSED:
            raise IllegalTransition("the group", self.status.value, "change it")
        if capacity < self.taken:
            raise RuleBroken(
                "capacity",
                f"{capacity} is fewer than the places taken ({self.members} members and "
                f"{self.offers} offers waiting for an answer)",
                "over_capacity",
            )
        if capacity < 1:
            raise RuleBroken("capacity", "capacity is at least 1")
        self.capacity = capacity
        self.refresh_status()

    def hold_place(self) -> None:
        """An offer takes a place until it is answered."""
        if not self.takes_people:
            raise IllegalTransition("the group", self.status.value, "offer a place in it")
        if self.free_places < 1:
            raise RuleBroken("group_id", "the group has no free place", "over_capacity")
        self.offers += 1
        self.refresh_status()

    def offer_answered(self, *, joined: bool) -> None:
        self.offers -= 1
        if joined:
            self.members += 1
        self.refresh_status()

    def member_left(self) -> None:
        self.members -= 1
        self.refresh_status()

    def refresh_status(self) -> GroupStatus:
        """Open and full follow the free places: a full group reopens when one frees."""
        if self.takes_people:
            self.status = GroupStatus.FULL if self.free_places == 0 else GroupStatus.OPEN
        return self.status

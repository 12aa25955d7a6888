"""One referred person's way into a group: waiting, offered a place, member, or gone.

The placement's id is the referral id: groups never sees who the person is, only the
referral, its area and postcode district, and what format they prefer.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Literal

from groups.domain import events as happened
from groups.domain.errors import IllegalTransition
from groups.domain.model import Format, Group


class PlacementStatus(StrEnum):
    WAITING = "waiting"
    OFFERED = "offered"
    MEMBER = "member"
    DECLINED = "declined"
    EXPIRED = "expired"
    LEFT = "left"
    CANCELLED = "cancelled"


class LeaveReason(StrEnum):
    MOVED_AWAY = "moved_away"
    NO_LONGER_INTERESTED = "no_longer_interested"
    HEALTH = "health"
    UNREACHABLE = "unreachable"
    OTHER = "other"


@dataclass
class Placement:
    referral_id: uuid.UUID
    person_id: uuid.UUID
    area: str
    postcode_district: str | None
    format_preference: Format | None
    received_at: datetime
    accepted_at: datetime
    status: PlacementStatus = PlacementStatus.WAITING
    group_id: uuid.UUID | None = None
    waiting_since: datetime | None = None
    offered_at: datetime | None = None
    offer_expires_at: datetime | None = None
    distance_km: float | None = None
    joined_at: datetime | None = None
    left_at: datetime | None = None
    left_reason: LeaveReason | None = None
    # What happened since it was loaded, for publishing; never stored.
    events: list[happened.PlacementChange] = field(default_factory=list, compare=False, repr=False)

    def fits(self, group: Group) -> bool:
        """The person takes a place in this group: no preference, or the group's format."""
        return self.format_preference in (None, group.format)

    def wait(self, at: datetime) -> None:
        self._require(PlacementStatus.WAITING, "join the waiting list")
        self.waiting_since = self.waiting_since or at
        self.events.append(happened.Waitlisted())

    def offer(
        self, group: Group, *, at: datetime, expires_at: datetime, distance_km: float | None
    ) -> None:
        self._require(PlacementStatus.WAITING, "be offered a place")
        group.hold_place()
        self.status = PlacementStatus.OFFERED
        self.group_id = group.id
        self.offered_at = at
        self.offer_expires_at = expires_at
        self.distance_km = distance_km
        self.events.append(happened.Offered(group.id))

    def accept(
        self, group: Group, at: datetime, answered_by: happened.AnsweredBy = "coordinator"
    ) -> None:
        self._require(PlacementStatus.OFFERED, "accept a place")
        if self.offer_expires_at is not None and self.offer_expires_at <= at:
            raise IllegalTransition("the offer", "expired", "accept it")
        group.offer_answered(joined=True)
        self.status = PlacementStatus.MEMBER
        self.joined_at = at
        self.events.append(happened.Joined(group.id, group.members, group.capacity, answered_by))

    def decline(self, group: Group, answered_by: happened.AnsweredBy = "coordinator") -> None:
        self._require(PlacementStatus.OFFERED, "decline a place")
        group.offer_answered(joined=False)
        self.status = PlacementStatus.DECLINED
        self.events.append(happened.Declined(group.id, answered_by))

    def expire(self, group: Group, now: datetime) -> None:
        self._require(PlacementStatus.OFFERED, "let an offer expire")
        if self.offer_expires_at is None or self.offer_expires_at > now:
            raise IllegalTransition("the offer", "still open", "expire it yet")
        group.offer_answered(joined=False)
        self.status = PlacementStatus.EXPIRED
        self.events.append(happened.Expired(group.id))

    def leave(self, group: Group, reason: LeaveReason, at: datetime) -> None:
        self._require(PlacementStatus.MEMBER, "leave a group")
        group.member_left()
        self.status = PlacementStatus.LEFT
        self.left_at = at
        self.left_reason = reason
        self.events.append(happened.Left(group.id, reason.value, group.members, group.capacity))

    def move(self, from_group: Group, to_group: Group) -> None:
        """A coordinator's move: a member stays a member, an offer stays an offer."""
        if self.status not in (PlacementStatus.OFFERED, PlacementStatus.MEMBER):
            raise IllegalTransition("the placement", self.status.value, "move it")
        if to_group.id == from_group.id:
            raise IllegalTransition("the placement", "already in this group", "move it there")
        to_group.hold_place()
        if self.status is PlacementStatus.MEMBER:
            to_group.offer_answered(joined=True)
            from_group.member_left()
        else:
            from_group.offer_answered(joined=False)
        self.group_id = to_group.id
        self.events.append(
            happened.Moved(
                from_group.id,
                to_group.id,
                members=to_group.members,
                capacity=to_group.capacity,
                from_members=from_group.members,
                from_capacity=from_group.capacity,
            )
        )

    def withdraw(self, group: Group) -> None:
        """The group closed before the person answered: back to the list, same place in it.

        Nothing is recorded: placing them again says where they went (offered, or waiting)."""
        self._require(PlacementStatus.OFFERED, "withdraw an offer")
        group.offer_answered(joined=False)
        self.status = PlacementStatus.WAITING
        self.group_id = None
        self.offered_at = self.offer_expires_at = self.distance_km = None

    @property
    def pending(self) -> bool:
        """Waiting or holding an offer: not yet in a group, not yet out of the process."""
        return self.status in (PlacementStatus.WAITING, PlacementStatus.OFFERED)

    def cancel(self, group: Group | None) -> None:
        """The referral ended before the person took a place: off the list, and the place
        held for them (in `group`) is freed."""
        if not self.pending:
            raise IllegalTransition("the placement", self.status.value, "cancel it")
        was: Literal["waiting", "offered"] = "waiting"
        if self.status is PlacementStatus.OFFERED:
            if group is None or group.id != self.group_id:
                raise ValueError("the group holding the offer is needed to free its place")
            group.offer_answered(joined=False)
            was = "offered"
        self.status = PlacementStatus.CANCELLED
        self.events.append(happened.Cancelled(group.id if group else None, was))

    def forget_location(self) -> None:
        """The person's data was erased: keep the placement's counts and dates, drop where
        they live (the district and the distance from it)."""
        self.postcode_district = None
        self.distance_km = None

    def _require(self, status: PlacementStatus, action: str) -> None:
        if self.status is not status:
            raise IllegalTransition("the placement", self.status.value, action)


def waiting_order(placement: Placement) -> tuple[datetime, str]:
    """First referred, first offered; the id breaks ties so the order never wobbles."""
    return placement.received_at, str(placement.referral_id)

"""Events about one person's placement, keyed by `referral_id` so they stay in order."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from groups.events.fields import (
    AnsweredBy,
    Area,
    Count,
    District,
    FirstSession,
    GroupFormat,
    GroupId,
    GroupName,
    JoiningLink,
    PersonId,
    ReferralId,
    SessionId,
    VenueName,
    When,
)
from t2t_shared.events import IntegrationEvent


class PlacementEvent(IntegrationEvent):
    service: ClassVar[str] = "groups"
    subject_field: ClassVar[str] = "referral_id"

    referral_id: ReferralId
    person_id: PersonId
    area: Area


class PlaceOffered(PlacementEvent):
    """A place is held for the person until `offer_expires_at`."""

    group_id: GroupId
    group_name: GroupName
    format: GroupFormat
    venue_name: VenueName = None
    venue_address: str | None = Field(
        None, description="Venue address (a public place)", examples=["8 Bennett Road, Leeds"]
    )
    postcode_district: District = None
    joining_link: JoiningLink = None
    first_session_at: FirstSession = None
    distance_km: float | None = Field(
        None, description="From the person's postcode district to the venue", examples=[1.8]
    )
    offer_expires_at: When
    offered_at: When


class MemberWaitlisted(PlacementEvent):
    """No group with room: the person is on the area's waiting list."""

    position: int = Field(ge=1, description="1 = next to be offered", examples=[3])
    waiting_since: When


class OfferDeclined(PlacementEvent):
    """The person said no; the place passes on."""

    group_id: GroupId
    answered_by: AnsweredBy = "coordinator"


class OfferExpired(PlacementEvent):
    """No answer in time; the place passes on."""

    group_id: GroupId


class PlacementCancelled(PlacementEvent):
    """The referral ended (closed by referrals) before the person took a place: they are
    off the waiting list, and a place held for them passes on."""

    group_id: GroupId | None = Field(
        description="The group whose offer was withdrawn; null when the person was waiting",
        examples=["7c9e6679-7425-40de-944b-e07fc1f90ae7"],
    )
    was: Literal["waiting", "offered"] = Field(
        description="Where the person stood when the referral ended", examples=["waiting"]
    )


class MemberJoined(PlacementEvent):
    group_id: GroupId
    group_name: GroupName
    first_session_at: FirstSession = None
    members: Count
    capacity: Count
    answered_by: AnsweredBy = "coordinator"


class MemberMoved(PlacementEvent):
    """A coordinator moved a member (or a held offer) to another group of the area.

    The fill figures are both groups' after the move. They were added to v1 later: records
    published before that lack them (read them as unknown, not as 0)."""

    from_group_id: GroupId
    group_id: GroupId
    members: int | None = Field(
        None, ge=0, description="Members of the destination group after the move", examples=[8]
    )
    capacity: int | None = Field(
        None, ge=0, description="Places in the destination group", examples=[12]
    )
    from_members: int | None = Field(
        None, ge=0, description="Members of the group left, after the move", examples=[5]
    )
    from_capacity: int | None = Field(
        None, ge=0, description="Places in the group left", examples=[10]
    )


class MemberLeft(PlacementEvent):
    group_id: GroupId
    reason: Literal["moved_away", "no_longer_interested", "health", "unreachable", "other"] = Field(
        description="Why, coded", examples=["moved_away"]
    )
    members: Count
    capacity: Count


class AttendanceRecorded(PlacementEvent):
    """One line of a session's register."""

    group_id: GroupId
    session_id: SessionId
    session_starts_at: When
    attendance: Literal["present", "apologies", "absent"] = Field(
        description="The register's mark", examples=["present"]
    )
    first_attended: bool = Field(description="True on the member's first present", examples=[True])
    regular_attender: bool = Field(
        description="Present at 3 of their last 4 sessions", examples=[False]
    )
    snomed_code: str | None = Field(
        None,
        description="SNOMED CT concept a GP system can file: 281399006 |Did not attend| for "
        "`absent`; null otherwise (no verified concept for attended)",
        examples=["281399006"],
    )

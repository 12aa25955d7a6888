"""What groups publishes on `t2t.groups.events` (public: no personal data).

Group-level events are keyed by `group_id`; a person's placement events by their
`referral_id`, so one person's offers, joins and attendance stay in order.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, ClassVar, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from t2t_shared.events import IntegrationEvent

GroupId = Annotated[
    UUID, Field(description="The group's id", examples=["7d3c1f7a-3b9e-4c51-9a0e-2f4f3a1b5c6d"])
]
ReferralId = Annotated[
    UUID,
    Field(
        description="The referral's id: the placement's id and the record key",
        examples=["0b6f5f0e-5d2a-4a8e-9d55-2f5bb1d3c7a1"],
    ),
]
PersonId = Annotated[
    UUID,
    Field(
        description="Opaque id of the person (contact details stay with referrals)",
        examples=["5a4e0a0b-8f0f-4f7e-9a44-6a2b1c9d0e11"],
    ),
]
VolunteerId = Annotated[
    UUID,
    Field(description="The volunteer's id", examples=["9f0c2b1e-4d5a-4e3b-8c7d-1a2b3c4d5e6f"]),
]
SessionId = Annotated[
    UUID, Field(description="The session's id", examples=["3e2d1c0b-9a8f-4e7d-b6c5-a4b3c2d1e0f9"])
]
Area = Annotated[str, Field(description="Commissioning area", examples=["leeds"])]
GroupFormat = Annotated[
    Literal["in_person", "online"], Field(description="How the group meets", examples=["in_person"])
]
GroupName = Annotated[str, Field(description="The group's name", examples=["Headingley Tuesdays"])]
When = Annotated[datetime, Field(description="UTC time", examples=["2026-12-08T18:30:00Z"])]
FirstSession = Annotated[
    datetime | None,
    Field(
        description="The group's next session (UTC), if one is scheduled",
        examples=["2026-12-08T18:30:00Z"],
    ),
]
Count = Annotated[int, Field(description="A number of people or places", ge=0, examples=[8])]
VenueName = Annotated[
    str | None,
    Field(description="Venue of an in-person group", examples=["Headingley Community Centre"]),
]
District = Annotated[
    str | None, Field(description="Postcode district of the venue", examples=["LS6"])
]
JoiningLink = Annotated[
    str | None,
    Field(description="Joining link of an online group", examples=["https://meet.example.org/t2t"]),
]
ScheduleText = Annotated[
    str,
    Field(
        description="The schedule in words",
        examples=["Monthly on the second Tuesday, 18:30\u201320:00"],
    ),
]


class ScheduleData(BaseModel):
    """When a group meets, in UK local time."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    frequency: Literal["weekly", "fortnightly", "monthly"] = Field(
        description="How often", examples=["monthly"]
    )
    weekday: int = Field(ge=0, le=6, description="0 = Monday", examples=[1])
    week_of_month: int | None = Field(
        description="Monthly groups: 1-4, or -1 for the last", examples=[2]
    )
    start_time: str = Field(description="Local start time HH:MM", examples=["18:30"])
    duration_minutes: int = Field(description="Length of a session", examples=[90])
    timezone: Literal["Europe/London"] = Field(
        description="Always UK time", examples=["Europe/London"]
    )
    starts_on: str = Field(
        description="First day a session may fall on (fortnightly weeks count from it)",
        examples=["2026-12-01"],
    )


class GroupEvent(IntegrationEvent):
    service: ClassVar[str] = "groups"
    subject_field: ClassVar[str] = "group_id"

    group_id: GroupId
    area: Area


class PlacementEvent(IntegrationEvent):
    service: ClassVar[str] = "groups"
    subject_field: ClassVar[str] = "referral_id"

    referral_id: ReferralId
    person_id: PersonId
    area: Area


class GroupCreated(GroupEvent):
    """A group was set up (planned)."""

    name: GroupName
    format: GroupFormat
    venue_name: VenueName = None
    venue_address: str | None = Field(
        None, description="Venue address (a public place)", examples=["8 Bennett Road, Leeds"]
    )
    venue_postcode: str | None = Field(
        None, description="Venue postcode (a public place)", examples=["LS6 3HN"]
    )
    postcode_district: District = None
    accessibility_notes: str | None = Field(
        None, description="Access at the venue", examples=["Step-free, hearing loop"]
    )
    joining_link: JoiningLink = None
    schedule: ScheduleData = Field(
        description="When the group meets",
        examples=[
            {
                "frequency": "monthly",
                "weekday": 1,
                "week_of_month": 2,
                "start_time": "18:30",
                "duration_minutes": 90,
                "timezone": "Europe/London",
                "starts_on": "2026-12-01",
            }
        ],
    )
    schedule_text: ScheduleText
    capacity: Count
    status: Literal["planned"] = Field(description="Always planned", examples=["planned"])
    facilitator_ids: list[UUID] = Field(description="Assigned facilitators", examples=[[]])


class GroupOpened(GroupEvent):
    """Planned → open: the group takes people (it has an eligible facilitator)."""

    capacity: Count
    free_places: Count


class GroupUpdated(GroupEvent):
    """Capacity or fill changed: the group is open or full."""

    capacity: Count
    free_places: Count
    status: Literal["open", "full"] = Field(
        description="Full when every place is taken or held", examples=["full"]
    )


class GroupClosed(GroupEvent):
    """The group ended."""

    reason: str = Field(description="Why, as given by the coordinator", examples=["venue_lost"])
    closed_at: When


class GroupFacilitatorLapsed(GroupEvent):
    """The group has no eligible facilitator left: coordinators need to find one."""

    volunteer_id: VolunteerId


class FacilitatorAssigned(GroupEvent):
    """A trained facilitator leads this group."""

    volunteer_id: VolunteerId
    group_name: GroupName
    format: GroupFormat
    schedule_text: ScheduleText
    venue_name: VenueName = None
    postcode_district: District = None


class SessionScheduled(GroupEvent):
    """A session is on the calendar."""

    session_id: SessionId
    starts_at: When
    ends_at: When
    venue_name: VenueName = None
    joining_link: JoiningLink = None


class SessionCancelled(GroupEvent):
    session_id: SessionId
    starts_at: When
    reason: str | None = Field(None, description="Why", examples=["facilitator_unwell"])


class SessionRescheduled(GroupEvent):
    session_id: SessionId
    previous_starts_at: When
    starts_at: When
    ends_at: When


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


AnsweredBy = Annotated[
    Literal["coordinator", "person"],
    Field(
        description="Who gave the answer: a coordinator on the person's behalf, or the person "
        "through the link in their offer message",
        examples=["person"],
    ),
]


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
    from_group_id: GroupId
    group_id: GroupId


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


PUBLISHED: tuple[type[IntegrationEvent], ...] = (
    GroupCreated,
    GroupOpened,
    GroupUpdated,
    GroupClosed,
    GroupFacilitatorLapsed,
    FacilitatorAssigned,
    SessionScheduled,
    SessionCancelled,
    SessionRescheduled,
    PlaceOffered,
    MemberWaitlisted,
    OfferDeclined,
    OfferExpired,
    PlacementCancelled,
    MemberJoined,
    MemberMoved,
    MemberLeft,
    AttendanceRecorded,
)
"""Every event type on `t2t.groups.events`: the contract generator reads this."""

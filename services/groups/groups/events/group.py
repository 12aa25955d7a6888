"""Events about a group, keyed by `group_id`: its life, its facilitators and its sessions."""

from __future__ import annotations

from typing import ClassVar, Literal
from uuid import UUID

from pydantic import Field

from groups.events.fields import (
    Area,
    Count,
    District,
    GroupFormat,
    GroupId,
    GroupName,
    JoiningLink,
    ScheduleData,
    ScheduleText,
    SessionId,
    VenueName,
    VolunteerId,
    When,
)
from t2t_shared.events import IntegrationEvent


class GroupEvent(IntegrationEvent):
    service: ClassVar[str] = "groups"
    subject_field: ClassVar[str] = "group_id"

    group_id: GroupId
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

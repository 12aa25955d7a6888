"""The HTTP shapes of a group: what coordinators send and what they get back."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Literal
from uuid import UUID

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    ValidationInfo,
    field_validator,
)

from groups.domain import postcodes
from groups.domain.model import Format, GroupStatus
from groups.domain.schedule import Frequency, Schedule
from groups.service_layer.queries import GroupView
from t2t_shared.http.types import StrictDate

Postcode = Annotated[str, AfterValidator(postcodes.normalise_postcode)]
Text = Annotated[str, Field(min_length=1, max_length=200)]


def https_link(value: str) -> str:
    if not value.startswith("https://") or len(value) <= len("https://") or " " in value:
        raise ValueError("a joining link is an https:// address")
    return value


HttpsLink = Annotated[str, Field(max_length=500), AfterValidator(https_link)]
CloseReason = Literal[
    "ended", "venue_unavailable", "no_facilitator", "low_numbers", "merged", "other"
]


class Closed(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ScheduleIn(Closed):
    frequency: Frequency = Field(examples=["monthly"])
    weekday: int = Field(ge=0, le=6, description="0 = Monday … 6 = Sunday", examples=[1])
    # validate_default: a monthly schedule that leaves it out is refused here, not by the
    # domain (which raised past the request's validation: a 500).
    week_of_month: int | None = Field(
        None,
        description="Monthly only: 1-4, or -1 for the last",
        examples=[2],
        validate_default=True,
    )
    start_time: time = Field(description="UK local time", examples=["18:30"])
    duration_minutes: int = Field(ge=15, le=600, examples=[90])
    timezone: Literal["Europe/London"] = "Europe/London"
    starts_on: StrictDate | None = Field(
        None,
        description="No session before this day (default: today); fortnightly "
        "groups count their weeks from it",
        examples=["2026-12-01"],
    )

    @field_validator("week_of_month")
    @classmethod
    def _week_fits_frequency(cls, value: int | None, info: ValidationInfo) -> int | None:
        monthly = info.data.get("frequency") is Frequency.MONTHLY
        if monthly and value not in (1, 2, 3, 4, -1):
            raise ValueError("a monthly group needs week_of_month 1-4 or -1 (last)")
        if not monthly and value is not None:
            raise ValueError("week_of_month is only for monthly groups")
        return value

    def to_domain(self, today: date) -> Schedule:
        return Schedule(
            frequency=self.frequency,
            weekday=self.weekday,
            week_of_month=self.week_of_month,
            start_time=self.start_time.replace(second=0, microsecond=0),
            duration_minutes=self.duration_minutes,
            starts_on=self.starts_on or today,
        )


class VenueIn(Closed):
    name: Text = Field(examples=["Headingley Community Centre"])
    address: Text = Field(examples=["8 Bennett Road, Leeds"])
    postcode: Postcode = Field(examples=["LS6 3HN"])
    accessibility_notes: str | None = Field(
        None, max_length=500, examples=["Step-free, hearing loop"]
    )


EXAMPLE_GROUP: dict[str, JsonValue] = {
    "name": "Headingley Tuesdays",
    "area": "leeds",
    "format": "in_person",
    "venue": {
        "name": "Headingley Community Centre",
        "address": "8 Bennett Road, Leeds",
        "postcode": "LS6 3HN",
        "accessibility_notes": "Step-free, hearing loop",
    },
    "schedule": {
        "frequency": "monthly",
        "weekday": 1,
        "week_of_month": 2,
        "start_time": "18:30",
        "duration_minutes": 90,
    },
    "capacity": 12,
    "facilitator_ids": ["9f0c2b1e-4d5a-4e3b-8c7d-1a2b3c4d5e6f"],
}


class GroupCreate(Closed):
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [EXAMPLE_GROUP]}
    )

    name: Text
    area: str = Field(min_length=1, max_length=60, examples=["leeds"])
    format: Format = Field(examples=["in_person"])
    venue: VenueIn | None = Field(None, validate_default=True, description="In-person groups")
    joining_link: HttpsLink | None = Field(
        None,
        validate_default=True,
        description="Online groups",
        examples=["https://meet.example.org/t2t"],
    )
    schedule: ScheduleIn
    capacity: int = Field(ge=1, le=100, examples=[12])
    facilitator_ids: list[UUID] = Field(
        default_factory=list, max_length=10, description="Eligible facilitators of the area"
    )

    @field_validator("venue")
    @classmethod
    def _venue_for_in_person(cls, value: VenueIn | None, info: ValidationInfo) -> VenueIn | None:
        in_person = info.data.get("format") is Format.IN_PERSON
        if in_person and value is None:
            raise ValueError("an in-person group needs a venue")
        if not in_person and value is not None:
            raise ValueError("an online group has no venue")
        return value

    @field_validator("joining_link")
    @classmethod
    def _link_for_online(cls, value: str | None, info: ValidationInfo) -> str | None:
        online = info.data.get("format") is Format.ONLINE
        if online and value is None:
            raise ValueError("an online group needs a joining link")
        if not online and value is not None:
            raise ValueError("an in-person group has no joining link")
        return value


class GroupUpdate(Closed):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [{"capacity": 14}]},
    )

    capacity: int | None = Field(
        None,
        ge=1,
        le=100,
        description="Raising it offers the new places to the waiting list at once",
        examples=[14],
    )
    name: Text | None = None
    accessibility_notes: str | None = Field(None, max_length=500)
    joining_link: HttpsLink | None = None


class FacilitatorAssign(Closed):
    volunteer_id: UUID = Field(examples=["9f0c2b1e-4d5a-4e3b-8c7d-1a2b3c4d5e6f"])


class GroupClose(Closed):
    reason: CloseReason = Field(examples=["ended"])


class VenuePublic(BaseModel):
    name: str
    address: str
    postcode: str
    postcode_district: str
    accessibility_notes: str | None


class GroupPublic(BaseModel):
    id: UUID
    name: str = Field(examples=["Headingley Tuesdays"])
    area: str = Field(examples=["leeds"])
    format: Format
    venue: VenuePublic | None
    joining_link: str | None
    schedule: dict[str, JsonValue] = Field(examples=[EXAMPLE_GROUP["schedule"]])
    schedule_text: str = Field(examples=["Monthly on the second Tuesday, 18:30\u201320:00"])
    status: GroupStatus = Field(examples=["open"])
    capacity: int = Field(examples=[12])
    members: int = Field(examples=[9])
    offers_pending: int = Field(
        description="Places held for people who have not answered", examples=[2]
    )
    free_places: int = Field(examples=[1])
    waiting_list_length: int = Field(description="People waiting in the group's area", examples=[4])
    facilitator_ids: list[UUID]
    facilitator_lapsed: bool = Field(
        description="True when no assigned facilitator is eligible any more: find one",
        examples=[False],
    )
    created_at: datetime
    closed_at: datetime | None

    @classmethod
    def of(cls, view: GroupView) -> GroupPublic:
        g, v = view.group, view.group.venue
        return cls(
            id=g.id,
            name=g.name,
            area=g.area,
            format=g.format,
            venue=VenuePublic(
                name=v.name,
                address=v.address,
                postcode=v.postcode,
                postcode_district=v.district,
                accessibility_notes=v.accessibility_notes,
            )
            if v
            else None,
            joining_link=g.joining_link,
            schedule=g.schedule.as_dict(),
            schedule_text=g.schedule.text(),
            status=g.status,
            capacity=g.capacity,
            members=g.members,
            offers_pending=g.offers,
            free_places=g.free_places,
            waiting_list_length=view.waiting_list_length,
            facilitator_ids=g.facilitator_ids,
            facilitator_lapsed=g.facilitator_lapsed,
            created_at=g.created_at,
            closed_at=g.closed_at,
        )

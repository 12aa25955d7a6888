"""The HTTP shapes of a group: what coordinators send and what they get back."""

from __future__ import annotations

from datetime import datetime
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

from groups.domain.model import Format, GroupStatus
from groups.entrypoints.schedule_schemas import ScheduleIn
from groups.entrypoints.venue_schemas import Text, VenueIn, VenuePublic
from groups.service_layer.queries import GroupView
from t2t_shared.http.models import Closed


def https_link(value: str) -> str:
    if not value.startswith("https://") or len(value) <= len("https://") or " " in value:
        raise ValueError("a joining link is an https:// address")
    return value


HttpsLink = Annotated[str, Field(max_length=500), AfterValidator(https_link)]
CloseReason = Literal[
    "ended", "venue_unavailable", "no_facilitator", "low_numbers", "merged", "other"
]


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


class StatsPublic(BaseModel):
    area: str = Field(examples=["leeds"])
    groups_by_status: dict[str, int] = Field(
        examples=[{"planned": 1, "open": 4, "full": 2, "closed": 0}]
    )
    capacity: int = Field(description="Places in open and full groups", examples=[72])
    members: int = Field(examples=[61])
    offers_pending: int = Field(examples=[5])
    free_places: int = Field(examples=[6])
    waiting: int = Field(description="People on the area's waiting list", examples=[3])
    groups_without_facilitator: int = Field(examples=[0])
    placements_by_status: dict[str, int] = Field(
        examples=[{"member": 61, "offered": 5, "waiting": 3, "declined": 2, "left": 4}]
    )

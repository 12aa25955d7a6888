"""The fields groups' events share: each with its description and an example."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

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


AnsweredBy = Annotated[
    Literal["coordinator", "person"],
    Field(
        description="Who gave the answer: a coordinator on the person's behalf, or the person "
        "through the link in their offer message",
        examples=["person"],
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

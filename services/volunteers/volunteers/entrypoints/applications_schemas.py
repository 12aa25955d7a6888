"""The public application form: what an applicant sends, and what they get back."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    field_validator,
)

from t2t_shared.http.contact_fields import Email, MobileIfPreferred, PersonName
from t2t_shared.http.models import Closed
from volunteers.domain.people import Channel, Day, PartOfDay, Slot
from volunteers.domain.stages import Stage


class SlotIn(Closed):
    day: Day = Field(examples=["tuesday"])
    part_of_day: PartOfDay = Field(examples=["evening"])


EXAMPLE_APPLICATION: dict[str, JsonValue] = {
    "given_name": "Jo",
    "family_name": "Okafor",
    "email": "jo.okafor@example.org",
    "mobile": "07700 900321",
    "preferred_channel": "email",
    "area": "leeds",
    "lived_experience": True,
    "availability": [
        {"day": "tuesday", "part_of_day": "evening"},
        {"day": "saturday", "part_of_day": "morning"},
    ],
    "motivation": "Diagnosed six years ago; a group helped me and I would like to give back.",
    "consent_to_contact": True,
}


class ApplicationCreate(Closed):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [EXAMPLE_APPLICATION]},
    )

    given_name: PersonName
    family_name: PersonName
    email: Email = Field(description="Where we write about the application")
    preferred_channel: Channel = Field(Channel.EMAIL)
    mobile: MobileIfPreferred = Field(
        None, validate_default=True, description="UK mobile; required for sms"
    )
    area: str = Field(min_length=1, max_length=60, description="Where you would volunteer")
    lived_experience: bool = Field(
        description="You live with type 2 diabetes (facilitators share that experience)"
    )
    availability: list[SlotIn] = Field(
        min_length=1, max_length=21, description="Days and parts of the day you could lead a group"
    )
    motivation: str = Field(
        min_length=1, max_length=2000, description="Why you would like to volunteer (kept private)"
    )
    consent_to_contact: bool = Field(description="We may contact you about your application")

    @field_validator("lived_experience")
    @classmethod
    def _lives_with_t2d(cls, value: bool) -> bool:
        if not value:
            raise ValueError(
                "facilitators must live with type 2 diabetes themselves; thank you for "
                "your interest — the charity has other ways to help"
            )
        return value

    @field_validator("consent_to_contact")
    @classmethod
    def _consents(cls, value: bool) -> bool:
        if not value:
            raise ValueError("we need your consent to contact you about your application")
        return value

    @field_validator("availability")
    @classmethod
    def _distinct(cls, value: list[SlotIn]) -> list[SlotIn]:
        if len({(s.day, s.part_of_day) for s in value}) != len(value):
            raise ValueError("each day and part of day once")
        return value

    def slots(self) -> tuple[Slot, ...]:
        return tuple(Slot(s.day, s.part_of_day) for s in self.availability)


class ApplicationReceived(BaseModel):
    """No personal data echoed back: the form is public."""

    volunteer_id: UUID = Field(examples=["7d1c2b9e-3f4a-4c5d-8e6f-0a1b2c3d4e5f"])
    status: Stage = Field(examples=["applied"])
    applied_at: datetime
    message: str = Field(
        examples=["Thank you for applying. A coordinator will contact you within 7 days."]
    )

"""The HTTP shapes of a recipient's preferences."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


class PreferencesBody(BaseModel):
    """What the recipient asked for; every field is required, so a PUT is the whole truth."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"channel": "sms", "service": True, "reminders": False}]},
    )

    channel: Literal["email", "sms"] | None = Field(
        description="Channel to use; null: the contact record's preferred channel"
    )
    service: bool = Field(description="Receive service messages (offers, outcomes, welcome)")
    reminders: bool = Field(description="Receive reminders (sessions, renewals)")


class PreferencesPublic(PreferencesBody):
    recipient_id: UUID
    recipient_kind: str = Field(examples=["person"])

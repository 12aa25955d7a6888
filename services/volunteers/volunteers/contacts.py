"""Records on the restricted `t2t.volunteers.contacts` topic: who to write to, and how."""

from __future__ import annotations

from typing import ClassVar, Literal
from uuid import UUID

from pydantic import Field

from t2t_shared.events import ContactRecord, IntegrationEvent, record_version


class VolunteerContact(ContactRecord):
    """A volunteer's latest contact details and supervisor (compacted by volunteer id)."""

    service: ClassVar[str] = "volunteers"
    subject_field: ClassVar[str] = "volunteer_id"

    volunteer_id: UUID = Field(
        description="The volunteer's id, the record key",
        examples=["3d1f7c2a-9b8e-4f6d-a1c2-5e4b3a291807"],
    )
    given_name: str = Field(description="For greetings only", examples=["Jo"])
    email: str | None = Field(description="Email address", examples=["jo@example.org"])
    mobile: str | None = Field(description="UK mobile, E.164", examples=["+447700900321"])
    preferred_channel: Literal["email", "sms"] = Field(
        description="Preferred channel", examples=["email"]
    )
    consent_to_contact: bool = Field(
        description="Whether we may contact the volunteer", examples=[True]
    )
    supervisor_name: str | None = Field(
        None, description="Supervising health professional", examples=["Dr Asha Patel"]
    )
    supervisor_role: str | None = Field(
        None, description="Their role", examples=["Diabetes specialist nurse"]
    )
    supervisor_organisation: str | None = Field(
        None, description="Their organisation", examples=["Leeds Teaching Hospitals NHS Trust"]
    )
    record_version: int = record_version()


CONTACTS: tuple[type[IntegrationEvent], ...] = (VolunteerContact,)
"""Every record type on the restricted `t2t.volunteers.contacts` topic."""

"""The HTTP shapes of an in-person group's venue (a public place, not personal data)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from t2t_shared.http.contact_fields import Postcode
from t2t_shared.http.models import Closed

Text = Annotated[str, Field(min_length=1, max_length=200)]


class VenueIn(Closed):
    name: Text = Field(examples=["Headingley Community Centre"])
    address: Text = Field(examples=["8 Bennett Road, Leeds"])
    postcode: Postcode = Field(examples=["LS6 3HN"])
    accessibility_notes: str | None = Field(
        None, max_length=500, examples=["Step-free, hearing loop"]
    )


class VenuePublic(BaseModel):
    name: str
    address: str
    postcode: str
    postcode_district: str
    accessibility_notes: str | None

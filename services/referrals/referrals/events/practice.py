"""What the practice register publishes on `t2t.referrals.events` (key = ODS code).

No personal data: no receipt email, no staff names, no outreach notes.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal
from uuid import UUID

from pydantic import Field

from t2t_shared.events import IntegrationEvent


class PracticeEvent(IntegrationEvent):
    service: ClassVar[str] = "referrals"
    subject_field: ClassVar[str] = "ods_code"

    ods_code: str = Field(
        description="The practice's ODS code, also the record key", examples=["B82005"]
    )
    area: str | None = Field(
        description="The deployment's area of the practice's postcode; null when its local "
        "authority is in no configured area",
        examples=["leeds"],
    )


class PracticeRegistered(PracticeEvent):
    """A practice entered the register, or its name, status or area changed on an import."""

    name: str = Field(
        description="The practice's name as NHS ODS publishes it", examples=["Hyde Park Surgery"]
    )
    status: Literal["active", "closed", "dormant", "proposed"] = Field(
        description="ODS status; a closed practice cannot refer", examples=["active"]
    )
    postcode_district: str = Field(
        description="Outward code of the practice's postcode", examples=["LS6"]
    )
    registered_at: datetime = Field(
        description="When the register recorded this version of the practice (UTC)",
        examples=["2026-12-04T09:00:00Z"],
    )


class PracticeEngaged(PracticeEvent):
    """A coordinator recorded a visit, call or email to a practice (the note stays in referrals)."""

    kind: Literal["visit", "call", "email"] = Field(
        description="How the practice was engaged", examples=["visit"]
    )
    engaged_at: datetime = Field(
        description="When it happened (UTC; a date given alone is taken as 00:00 UK time)",
        examples=["2026-12-03T00:00:00Z"],
    )
    outreach_id: UUID = Field(
        description="Id of the outreach log entry",
        examples=["2f0c8a4e-1b9d-4c1e-9a55-0d7e3b6f4a21"],
    )

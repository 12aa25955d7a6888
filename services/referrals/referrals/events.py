"""What referrals publishes on `t2t.referrals.events` (public: no personal data)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal
from uuid import UUID

from pydantic import Field

from t2t_shared.events import IntegrationEvent


class ReferralEvent(IntegrationEvent):
    service: ClassVar[str] = "referrals"
    subject_field: ClassVar[str] = "referral_id"

    referral_id: UUID = Field(
        description="The referral's id, also the record key",
        examples=["0b6f5f0e-5d2a-4a8e-9d55-2f5bb1d3c7a1"],
    )


class ReferralReceived(ReferralEvent):
    """A referral arrived from a GP practice, a professional, the community or the person."""

    person_id: UUID = Field(
        description="Opaque id of the person; their contact details are on the contacts topic",
        examples=["5a4e0a0b-8f0f-4f7e-9a44-6a2b1c9d0e11"],
    )
    reference_code: str = Field(
        description="Short reference quoted to the person and the referrer", examples=["T2T-4F7K2Q"]
    )
    source: Literal["gp", "self", "health_professional", "community"] = Field(
        description="Where the referral came from", examples=["gp"]
    )
    area: str = Field(description="Commissioning area of the deployment", examples=["leeds"])
    referrer_id: UUID | None = Field(
        description="Referring organisation's id (contacts topic), when there is one",
        examples=["c3b8f4de-13f5-4b8f-8f0e-6c1f9f2a7d10"],
    )
    ods_code: str | None = Field(
        description="ODS code of the referring GP practice or organisation", examples=["B82005"]
    )
    consent_to_contact: bool = Field(
        description="The person agreed to be contacted about peer support", examples=[True]
    )
    preferred_channel: Literal["email", "sms"] = Field(
        description="How the person prefers to hear from us", examples=["sms"]
    )
    postcode_district: str = Field(
        description="Outward code of the person's postcode, never the full postcode",
        examples=["LS6"],
    )
    age_band: str = Field(description="Age band on the day of referral", examples=["50-59"])
    received_at: datetime = Field(
        description="When the referral was received (UTC)", examples=["2026-11-26T09:30:00Z"]
    )


PUBLISHED: tuple[type[IntegrationEvent], ...] = (ReferralReceived,)
"""Every event type on `t2t.referrals.events`: the contract generator reads this."""

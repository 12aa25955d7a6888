"""`ReferralReceived`: v2 (pseudonymous) and, until its deprecation window ends, v1."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal
from uuid import UUID

from pydantic import Field

from referrals.events.referral import FormatPreference, ReferralEvent, Source


class ReferralReceived(ReferralEvent):
    """A referral arrived from a GP practice, a professional, the community or the person."""

    # Superseded by ReferralReceivedV2, which leaves out reference_code (docs/privacy.md).
    deprecated: ClassVar[str] = (
        "use t2t.referrals.ReferralReceived.v2 (no reference_code); last published 2027-06-01"
    )

    reference_code: str = Field(
        description="Short reference quoted to the person and the referrer", examples=["T2T-4F7K2Q"]
    )
    source: Source = Field(description="Where the referral came from", examples=["gp"])
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
    format_preference: FormatPreference | None = Field(
        None, description="In-person or online group, if the person said", examples=["online"]
    )
    snomed_code: str | None = Field(
        None,
        description="SNOMED CT concept a GP system can file: 871731000000106 |Referral to "
        "social prescribing service|",
        examples=["871731000000106"],
    )


class ReferralReceivedV2(ReferralEvent):
    """A referral arrived (v2: pseudonymous, without v1's `reference_code`).

    The reference code is quoted to the person and printed on the practice's receipt, so a
    subscriber holding it could follow that person; it now travels only on the restricted
    contacts topic. v1 is published beside v2 until its deprecation window ends
    (docs/subscribers.md); both copies of one referral share its key, so they stay in order.
    """

    version: ClassVar[int] = 2

    @classmethod
    def event_name(cls) -> str:
        return "ReferralReceived"

    source: Source = Field(description="Where the referral came from", examples=["gp"])
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
    format_preference: FormatPreference | None = Field(
        None, description="In-person or online group, if the person said", examples=["online"]
    )
    snomed_code: str | None = Field(
        None,
        description="SNOMED CT concept a GP system can file: 871731000000106 |Referral to "
        "social prescribing service|",
        examples=["871731000000106"],
    )

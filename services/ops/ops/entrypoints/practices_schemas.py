"""API models of practice engagement."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class _Public(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class PracticeSummaryPublic(_Public):
    ods_code: str = Field(examples=["B82005"])
    name: str | None = Field(examples=["The Light Surgery"])
    area: str | None = Field(examples=["leeds"])
    register_status: str | None = Field(
        description="As the register has it: active, closed, dormant, proposed", examples=["active"]
    )
    status: str = Field(
        description="never (no referral ever), lapsed (none in 90 days) or active",
        examples=["lapsed"],
    )
    referrals: int = Field(examples=[14])
    last_referral_at: datetime | None


class MonthCountPublic(_Public):
    month: str = Field(examples=["2026-11"])
    count: int


class OutreachEffectPublic(_Public):
    outreach_id: str
    kind: str | None = Field(examples=["visit"])
    engaged_at: datetime
    referrals_before: int = Field(description="Referrals received in the 90 days before")
    referrals_after: int = Field(description="Referrals received in the 90 days after")


class PracticeEngagementPublic(_Public):
    summary: PracticeSummaryPublic
    postcode_district: str | None = Field(examples=["LS6"])
    referrals_by_month: list[MonthCountPublic]
    joined: int = Field(description="Referrals from the practice that joined a group")
    conversion_to_joined: float | None = Field(examples=[0.42])
    median_hours_to_first_contact: float | None
    outreach: list[OutreachEffectPublic]

"""The HTTP shapes of the worklist: each referral with how long it has waited."""

from __future__ import annotations

from pydantic import BaseModel, Field

from referrals.entrypoints.referrals_schemas import ReferralPublic


class WorklistItem(BaseModel):
    referral: ReferralPublic
    waiting_working_days: int = Field(
        description="Working days since it arrived, up to first contact (or now)", examples=[3]
    )
    overdue: bool = Field(description="Waited longer than the contact target without contact")


class WorklistPublic(BaseModel):
    items: list[WorklistItem]
    total: int = Field(description="Referrals matching the filters, all pages", examples=[42])
    limit: int = Field(examples=[50])
    offset: int = Field(examples=[0])

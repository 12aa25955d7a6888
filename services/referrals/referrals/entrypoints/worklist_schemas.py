"""The HTTP shapes of the worklist and the referrer report."""

from __future__ import annotations

from uuid import UUID

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


class ReferrerCountPublic(BaseModel):
    referrer_id: UUID
    ods_code: str = Field(examples=["B82005"])
    name: str = Field(examples=["Hyde Park Surgery"])
    area: str = Field(examples=["leeds"])
    referrals: int = Field(description="Referrals received in the period", examples=[7])

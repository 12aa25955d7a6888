"""The HTTP shape of the referrer report."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, Field


class ReferrerCountPublic(BaseModel):
    referrer_id: UUID
    ods_code: str = Field(examples=["B82005"])
    name: str = Field(examples=["Hyde Park Surgery"])
    area: str = Field(examples=["leeds"])
    referrals: int = Field(description="Referrals received in the period", examples=[7])

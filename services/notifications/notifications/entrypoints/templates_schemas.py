"""The HTTP shapes of templates: their versions, and a preview with its sample data."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class TemplateSummary(BaseModel):
    name: str = Field(examples=["referral_acknowledgement"])
    email_versions: list[int] = Field(examples=[[1]])
    sms_versions: list[int] = Field(examples=[[1]])


class EmailPreview(BaseModel):
    version: int = Field(examples=[1])
    subject: str = Field(examples=["We've received your referral to Type 2 Together"])
    text: str
    html: str


class SmsPreview(BaseModel):
    version: int = Field(examples=[1])
    body: str = Field(examples=["Hello Sam, we've received your referral..."])
    encoding: Literal["GSM-7", "UCS-2"] = Field(examples=["GSM-7"])
    characters: int = Field(description="Billed length: septets or UTF-16 units", examples=[212])
    segments: int = Field(description="Billable message parts", examples=[2])


class TemplatePreview(BaseModel):
    name: str = Field(examples=["referral_acknowledgement"])
    sample: dict[str, object] = Field(description="The sample data rendered")
    email: EmailPreview | None
    sms: SmsPreview | None

"""The HTTP shapes of GOV.UK Notify's delivery receipt and our answer to it."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field


class NotifyReceipt(BaseModel):
    """Notify's callback body; only the fields we use are read, the rest ignored.

    `reference` is the id we sent with the message (our notification id): no personal data.
    """

    model_config = ConfigDict(
        extra="ignore",
        json_schema_extra={
            "examples": [
                {
                    "id": "740e5834-3a29-46b4-9a6f-16142fde533a",
                    "reference": "3c3a0c5e-8e0f-4a8e-9d55-2f5bb1d3c7a1",
                    "status": "delivered",
                    "completed_at": "2026-11-26T09:30:04.000000Z",
                    "notification_type": "sms",
                }
            ]
        },
    )

    id: str = Field(description="Notify's own notification id")
    reference: UUID = Field(description="Our notification id")
    status: Literal[
        "delivered",
        "permanent-failure",
        "temporary-failure",
        "technical-failure",
        "created",
        "sending",
        "pending",
        "sent",
    ] = Field(description="Notify's status; the in-progress ones change nothing")
    completed_at: datetime | None = None


class ReceiptOutcome(BaseModel):
    outcome: str = Field(examples=["delivered"])

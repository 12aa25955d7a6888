"""What the dead-letter API answers and accepts: letters (masked), groups, redrives, audit."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from t2t_shared.http.models import Closed

FROM_DOMAIN = ConfigDict(from_attributes=True)


class DlqGroupPublic(BaseModel):
    model_config = FROM_DOMAIN
    group: str = Field(description="Same consumer, same error", examples=["4be3c1f09a2d"])
    consumer: str = Field(examples=["notifications"])
    error: str = Field(examples=["PermanentHandlerError: unknown template"])
    count: int = Field(examples=[2])
    original_topics: list[str] = Field(examples=[["t2t.referrals.events"]])
    first_seen: datetime
    last_seen: datetime
    message_ids: list[str] = Field(examples=[["t2t.notifications.dlq:0:4"]])


class DeadLetterPublic(BaseModel):
    id: str = Field(examples=["t2t.notifications.dlq:0:4"])
    dlq_topic: str = Field(examples=["t2t.notifications.dlq"])
    partition: int
    offset: int
    key: str | None = Field(examples=["0b6f5f0e-5d2a-4a8e-9d55-2f5bb1d3c7a1"])
    time: datetime
    consumer: str = Field(examples=["notifications"])
    original_topic: str = Field(examples=["t2t.referrals.events"])
    original_partition: str | None = Field(examples=["1"])
    original_offset: str | None = Field(examples=["17"])
    attempt: str | None = Field(examples=["3"])
    error: str = Field(examples=["PermanentHandlerError: unknown template"])
    group: str = Field(examples=["4be3c1f09a2d"])
    type: str | None = Field(examples=["t2t.referrals.ReferralReceived.v1"])
    event_id: str | None
    subject: str | None
    restricted: bool = Field(description="From a contacts topic: the value is never shown")
    value: str = Field(description="Masked unless asked for (`reveal`) and not restricted")


class DlqPublic(BaseModel):
    groups: list[DlqGroupPublic]
    messages: list[DeadLetterPublic]


class RedriveRequestBody(Closed):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"group": "4be3c1f09a2d", "dry_run": True}]},
    )
    ids: list[str] = Field(default_factory=list, description="Dead letters by id", max_length=1000)
    group: str | None = Field(None, description="Every waiting dead letter of an error group")
    dlq_topic: str | None = Field(None, description="Every waiting dead letter of one DLQ")
    dry_run: bool = Field(True, description="Only show what would be sent (the default)")


class AuditEntryPublic(BaseModel):
    model_config = FROM_DOMAIN
    redrive_id: str
    at: datetime
    actor: str = Field(examples=["ops-oncall"])
    role: str = Field(examples=["ops"])
    dry_run: bool
    message_id: str = Field(examples=["t2t.notifications.dlq:0:4"])
    event_id: str | None
    target_topic: str = Field(examples=["t2t.referrals.events"])
    error: str


class RedriveResultPublic(BaseModel):
    model_config = FROM_DOMAIN
    redrive_id: str
    dry_run: bool
    entries: list[AuditEntryPublic]

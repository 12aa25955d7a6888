"""What the console's JSON API answers and accepts (never personal data)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

FROM_DOMAIN = ConfigDict(from_attributes=True)


class StatusPublic(BaseModel):
    model_config = FROM_DOMAIN
    read: int = Field(description="Records read since start-up", examples=[1520])
    target: int = Field(description="Records on the topics when first seen", examples=[1520])
    share: float = Field(description="Share of the rebuild done (0-1)", examples=[1.0])
    caught_up: bool = Field(description="The read models are rebuilt", examples=[True])
    partitions: int = Field(description="Partitions observed", examples=[12])
    events_by_type: dict[str, int] = Field(examples=[{"t2t.referrals.ReferralReceived.v1": 12}])
    areas: list[str] = Field(description="Areas of this deployment", examples=[["leeds", "york"]])
    services: list[str] = Field(description="Services observed", examples=[["referrals"]])


class FeedItemPublic(BaseModel):
    model_config = FROM_DOMAIN
    seq: int = Field(description="Position in the feed; poll with `after`", examples=[42])
    id: str = Field(description="ce_id", examples=["8c1d0f7e-2b8e-4c1a-9d55-2f5bb1d3c7a1"])
    time: datetime = Field(examples=["2026-11-26T09:30:00Z"])
    service: str = Field(examples=["referrals"])
    type: str = Field(examples=["t2t.referrals.ReferralReceived.v1"])
    name: str = Field(examples=["ReferralReceived"])
    area: str | None = Field(examples=["leeds"])
    subject: str | None = Field(
        description="The aggregate id", examples=["0b6f5f0e-5d2a-4a8e-9d55-2f5bb1d3c7a1"]
    )


class FeedPublic(BaseModel):
    last_seq: int = Field(description="Pass as `after` to get only newer events", examples=[42])
    items: list[FeedItemPublic]


class StageCountPublic(BaseModel):
    model_config = FROM_DOMAIN
    stage: str = Field(examples=["contacted"])
    count: int = Field(description="Referrals that reached this stage or a later one", examples=[9])
    conversion: float | None = Field(description="Share of the previous stage", examples=[0.75])


class FunnelRowPublic(BaseModel):
    model_config = FROM_DOMAIN
    source: str = Field(description="`all`, or a referral source", examples=["gp"])
    stages: list[StageCountPublic]


class FirstContactPublic(BaseModel):
    model_config = FROM_DOMAIN
    contacted: int = Field(examples=[9])
    median_seconds: float | None = Field(examples=[86400.0])
    within_target: int = Field(examples=[7])
    within_target_share: float | None = Field(examples=[0.7778])


class FunnelPublic(BaseModel):
    model_config = FROM_DOMAIN
    area: str | None = Field(examples=["leeds"])
    since: datetime | None = Field(examples=["2026-10-27T09:30:00Z"])
    rows: list[FunnelRowPublic]
    first_contact: FirstContactPublic


class AreaCapacityPublic(BaseModel):
    model_config = FROM_DOMAIN
    area: str = Field(examples=["leeds"])
    groups_planned: int = Field(examples=[1])
    groups_open: int = Field(description="Open with free places", examples=[4])
    groups_full: int = Field(examples=[1])
    free_places: int = Field(examples=[23])
    waiting: int = Field(description="People on the area's waiting list", examples=[3])


class VolunteersPublic(BaseModel):
    model_config = FROM_DOMAIN
    area: str | None = Field(examples=[None])
    stages: dict[str, int] = Field(
        examples=[{"applied": 20, "screened": 15, "trained": 12, "active": 9}]
    )
    leavers: dict[str, int] = Field(examples=[{"moved": 1, "resigned": 2}])


class ChannelCountsPublic(BaseModel):
    model_config = FROM_DOMAIN
    channel: str = Field(examples=["sms"])
    sent: int = Field(examples=[120])
    delivered: int = Field(examples=[110])
    failed: int = Field(examples=[3])
    failed_by_reason: dict[str, int] = Field(examples=[{"rejected_by_provider": 3}])


class PausedProviderPublic(BaseModel):
    model_config = FROM_DOMAIN
    provider: str = Field(examples=["govuk-notify"])
    channel: str = Field(examples=["sms"])
    reason: str = Field(
        description="connection_refused, timeout, server_error, rate_limited or authentication",
        examples=["server_error"],
    )
    paused_at: datetime | None = Field(examples=["2026-11-26T09:30:00Z"])
    retry_at: datetime | None = Field(
        description="The next probe", examples=["2026-11-26T09:35:00Z"]
    )


class PartitionPositionPublic(BaseModel):
    model_config = FROM_DOMAIN
    topic: str = Field(examples=["t2t.referrals.events"])
    partition: int = Field(examples=[0])
    committed: int = Field(description="-1: nothing committed yet", examples=[118])
    high_water: int = Field(examples=[120])
    behind: int = Field(examples=[2])
    oldest: datetime | None = Field(examples=["2026-11-26T09:30:00Z"])


class GroupLagPublic(BaseModel):
    model_config = FROM_DOMAIN
    group: str = Field(examples=["t2t.notifications"])
    messages: int = Field(description="Events not yet processed", examples=[2])
    seconds: float | None = Field(description="Age of the oldest of them", examples=[3.5])
    rising: bool = Field(description="Lag grew at each of the last samples", examples=[False])
    partitions: list[PartitionPositionPublic]


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


class RedriveRequestBody(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
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

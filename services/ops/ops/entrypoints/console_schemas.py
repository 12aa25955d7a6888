"""The console's figures API answers: status, feed, funnel, capacity, lag; no personal data."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from ops.entrypoints.provider_schemas import FollowUpPublic, ProviderPublic

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
    providers: list[ProviderPublic] = Field(
        default_factory=list,
        description="Message providers notifications has reported on, paused ones first",
    )
    sending_paused: list[str] = Field(
        default_factory=list,
        description="Names of the providers paused now (empty when all are sending)",
        examples=[["govuk-notify"]],
    )
    follow_up: FollowUpPublic = Field(
        description="Failed notifications someone must follow up, by reason"
    )


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

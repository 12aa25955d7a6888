"""What the status API says about message providers and failures needing follow-up."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from ops.domain.providers import ProviderState


class ProviderPublic(BaseModel):
    provider: str = Field(description="The provider's name", examples=["govuk-notify"])
    channel: str | None = Field(description="`email` or `sms`", examples=["sms"])
    status: Literal["paused", "sending"] = Field(
        description="`paused`: notifications keeps its messages pending and probes it",
        examples=["paused"],
    )
    since: datetime = Field(
        description="Paused: when this pause began. Sending: when it resumed",
        examples=["2026-12-04T14:02:00Z"],
    )
    reason: str | None = Field(
        description="Why it is paused: `connection_refused`, `timeout`, `server_error`, "
        "`rate_limited` or `authentication`; null once sending",
        examples=["timeout"],
    )
    retry_at: datetime | None = Field(
        description="When notifications probes it next (while paused)",
        examples=["2026-12-04T14:07:00Z"],
    )
    paused_for_s: float | None = Field(
        description="How long the last pause lasted (once resumed)", examples=[None]
    )
    pauses: int = Field(description="Pauses seen since the console started", examples=[1])

    @classmethod
    def of(cls, s: ProviderState) -> ProviderPublic:
        return cls(
            provider=s.provider,
            channel=s.channel,
            status="paused" if s.paused else "sending",
            since=s.since,
            reason=s.reason if s.paused else None,
            retry_at=s.retry_at if s.paused else None,
            paused_for_s=s.paused_for_s,
            pauses=s.pauses,
        )


class FollowUpPublic(BaseModel):
    contact_details_missing: int = Field(
        description="Notifications failed because their event waited too long for the "
        "person's contact record: a coordinator contacts the person another way",
        examples=[2],
    )
    outcome_unknown: int = Field(
        description="Sends whose outcome is unknown (the provider may or may not have taken "
        "them): never resent blindly, so someone checks",
        examples=[1],
    )

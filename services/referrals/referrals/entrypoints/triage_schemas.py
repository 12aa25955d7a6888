"""The HTTP shapes of triage and follow-up: the steps' bodies, contact attempts, refusals."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from referrals.domain.codes import (
    AttemptChannel,
    AttemptOutcome,
    CloseOutcome,
    RecordedBy,
    RejectionReason,
    Status,
)
from referrals.domain.journey import ContactAttempt
from referrals.entrypoints.referrals_schemas import ReferralPublic
from t2t_shared.http.models import Closed

Comment = Field(None, max_length=2000, validate_default=True, examples=["Moved to Harrogate"])


def _comment_for_other(value: str | None, info: ValidationInfo, code: str) -> str | None:
    if not value and getattr(info.data.get(code), "value", None) == "other":
        raise ValueError(f"comment is required when {code} is 'other'")
    return value


class RejectBody(Closed):
    reason: RejectionReason = Field(examples=["out_of_area"])
    comment: str | None = Comment

    @field_validator("comment")
    @classmethod
    def _needed(cls, value: str | None, info: ValidationInfo) -> str | None:
        return _comment_for_other(value, info, "reason")


class CloseBody(Closed):
    outcome: CloseOutcome = Field(examples=["declined_by_person"])
    comment: str | None = Comment

    @field_validator("comment")
    @classmethod
    def _needed(cls, value: str | None, info: ValidationInfo) -> str | None:
        return _comment_for_other(value, info, "outcome")


class AttemptBody(Closed):
    channel: AttemptChannel = Field(examples=["phone"])
    outcome: AttemptOutcome = Field(examples=["no_answer"])
    note: str | None = Field(None, max_length=2000, examples=["Rang twice, no voicemail"])


class AttemptPublic(BaseModel):
    number: int = Field(examples=[1])
    channel: AttemptChannel
    outcome: AttemptOutcome
    recorded_by: RecordedBy
    attempted_at: datetime
    note: str | None = None

    @classmethod
    def of(cls, a: ContactAttempt, *, with_note: bool = True) -> AttemptPublic:
        return cls(
            number=a.number,
            channel=a.channel,
            outcome=a.outcome,
            recorded_by=a.recorded_by,
            attempted_at=a.attempted_at,
            note=a.note if with_note else None,
        )


class AttemptRecorded(BaseModel):
    attempt: AttemptPublic
    referral: ReferralPublic
    first_contact: bool = Field(description="This attempt was the first to reach the person")
    closed_unreachable: bool = Field(
        description="This failure was the last allowed: the referral closed as unreachable"
    )


class TransitionConflict(BaseModel):
    """409: the referral's status does not allow this step."""

    detail: str = Field(examples=["a referral that is rejected cannot be accepted"])
    current_status: Status = Field(examples=["rejected"])

"""Referrals settings: the platform's, plus what the referral journey needs."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from t2t_shared.settings import ServiceSettings


class Settings(ServiceSettings):
    service: ClassVar[str] = "referrals"
    default_port: ClassVar[int] = 8001

    contact_target_working_days: int = Field(
        2, ge=1, description="A referral waits at most this long for first contact"
    )
    unreachable_after_failed_attempts: int = Field(
        3, ge=1, description="Failed contact attempts before first contact that close it"
    )
    self_referrals_per_minute: float = Field(
        5.0, gt=0, description="Public self-referrals allowed per client address per minute"
    )
    self_referrals_burst: int = Field(
        5, ge=1, description="Self-referrals a client may send at once before the rate applies"
    )

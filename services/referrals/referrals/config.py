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

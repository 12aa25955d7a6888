"""Referrals settings: the platform's, plus what the referral journey needs."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from pydantic import Field, model_validator

from t2t_shared.settings import ServiceSettings

# West Yorkshire and York, the pilot's areas, by ONS local authority (district) code.
DEFAULT_PRACTICE_AREAS = {
    "E08000035": "leeds",
    "E08000032": "bradford",
    "E08000036": "wakefield",
    "E08000034": "kirklees",
    "E08000033": "calderdale",
    "E06000014": "york",
}


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
    practice_areas: dict[str, str] = Field(
        default_factory=lambda: dict(DEFAULT_PRACTICE_AREAS),
        description="ONS local authority code → this deployment's area, for the practice "
        'register (JSON, e.g. {"E08000035": "leeds"}); a practice elsewhere has no area',
    )
    practice_register_seed: Path | None = Field(
        None,
        description="An epraccur file imported on `migrate` (the local stack's sample "
        "register); unset in production, where `t2t practices import` loads the real one",
    )
    practice_receipt_emails_seed: Path | None = Field(
        None,
        description="A CSV of `ods_code,email` applied on `migrate` to seeded practices that "
        "have no receipt email yet (the local stack's sample); unset in production",
    )

    @model_validator(mode="after")
    def _no_sample_register_in_production(self) -> Settings:
        seeds = (self.practice_register_seed, self.practice_receipt_emails_seed)
        if self.environment == "production" and any(seeds):
            raise ValueError(
                "T2T_PRACTICE_REGISTER_SEED and T2T_PRACTICE_RECEIPT_EMAILS_SEED are for the "
                "local stack; production loads the register with `t2t practices import`"
            )
        return self

    @model_validator(mode="after")
    def _practice_areas_are_areas(self) -> Settings:
        if "practice_areas" not in self.model_fields_set:
            # The default covers the pilot's six areas; keep those this deployment has.
            self.practice_areas = {
                la: area for la, area in self.practice_areas.items() if area in self.areas
            }
            return self
        unknown = sorted(set(self.practice_areas.values()) - set(self.areas))
        if unknown:
            raise ValueError(f"practice_areas names areas this deployment lacks: {unknown}")
        return self

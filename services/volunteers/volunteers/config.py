"""Volunteers settings: the platform's, plus the pipeline's targets and the courses' rules."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, field_validator

from t2t_shared.settings import ServiceSettings
from volunteers.domain.stages import Stage
from volunteers.domain.training import Course, CourseRule, CourseRules
from volunteers.domain.worklist import StageTarget, StageTargets

DEFAULT_STAGE_DAYS: dict[str, tuple[int, int]] = {
    "applied": (7, 14),
    "screening": (28, 56),
    "training": (42, 90),
    "trained": (30, 90),
}


class Settings(ServiceSettings):
    service: ClassVar[str] = "volunteers"
    default_port: ClassVar[int] = 8003

    stage_days: dict[str, tuple[int, int]] = Field(
        default_factory=lambda: dict(DEFAULT_STAGE_DAYS),
        description="Per stage, [ideal, max] days before the worklist flags amber, then red "
        "(T2T_STAGE_DAYS='{\"applied\": [7, 14]}')",
    )
    core_sessions_required: int = Field(4, ge=1)
    core_validity_months: int = Field(24, ge=1)
    refresher_sessions_required: int = Field(1, ge=1)
    refresher_validity_months: int = Field(24, ge=1)
    renewal_notice_days: int = Field(30, ge=1, description="Remind this long before expiry")
    sweep_interval_s: float = Field(
        3600.0,
        gt=0,
        description="How often the expiry sweep runs; each notice goes once per expiry date, "
        "so running more often than daily only makes a restart harmless",
    )
    application_rate_per_minute: float = Field(6.0, gt=0)
    application_burst: int = Field(5, ge=1)

    @field_validator("stage_days")
    @classmethod
    def _known_stages_in_order(
        cls, value: dict[str, tuple[int, int]]
    ) -> dict[str, tuple[int, int]]:
        for stage, (ideal, maximum) in value.items():
            if stage not in Stage.__members__.values():
                raise ValueError(f"unknown stage '{stage}'")
            if not 0 < ideal <= maximum:
                raise ValueError(f"{stage}: need 0 < ideal days <= max days")
        return value

    @property
    def stage_targets(self) -> StageTargets:
        return {Stage(s): StageTarget(i, m) for s, (i, m) in self.stage_days.items()}

    @property
    def course_rules(self) -> CourseRules:
        return {
            Course.CORE_FACILITATOR: CourseRule(
                self.core_sessions_required, self.core_validity_months
            ),
            Course.REFRESHER: CourseRule(
                self.refresher_sessions_required, self.refresher_validity_months
            ),
        }

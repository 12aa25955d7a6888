"""The HTTP shape of a group's schedule: UK local time, validated before the domain sees it."""

from __future__ import annotations

from datetime import date, time
from typing import Literal

from pydantic import Field, ValidationInfo, field_validator

from groups.domain.schedule import Frequency, Schedule
from t2t_shared.http.models import Closed
from t2t_shared.http.types import StrictDate


class ScheduleIn(Closed):
    frequency: Frequency = Field(examples=["monthly"])
    weekday: int = Field(ge=0, le=6, description="0 = Monday … 6 = Sunday", examples=[1])
    # validate_default: a monthly schedule that leaves it out is refused here, not by the
    # domain (which raised past the request's validation: a 500).
    week_of_month: int | None = Field(
        None,
        description="Monthly only: 1-4, or -1 for the last",
        examples=[2],
        validate_default=True,
    )
    start_time: time = Field(description="UK local time", examples=["18:30"])
    duration_minutes: int = Field(ge=15, le=600, examples=[90])
    timezone: Literal["Europe/London"] = "Europe/London"
    starts_on: StrictDate | None = Field(
        None,
        description="No session before this day (default: today); fortnightly "
        "groups count their weeks from it",
        examples=["2026-12-01"],
    )

    @field_validator("week_of_month")
    @classmethod
    def _week_fits_frequency(cls, value: int | None, info: ValidationInfo) -> int | None:
        monthly = info.data.get("frequency") is Frequency.MONTHLY
        if monthly and value not in (1, 2, 3, 4, -1):
            raise ValueError("a monthly group needs week_of_month 1-4 or -1 (last)")
        if not monthly and value is not None:
            raise ValueError("week_of_month is only for monthly groups")
        return value

    def to_domain(self, today: date) -> Schedule:
        return Schedule(
            frequency=self.frequency,
            weekday=self.weekday,
            week_of_month=self.week_of_month,
            start_time=self.start_time.replace(second=0, microsecond=0),
            duration_minutes=self.duration_minutes,
            starts_on=self.starts_on or today,
        )

"""Courses and training records: completing one makes a facilitator eligible until a date."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Course(StrEnum):
    CORE_FACILITATOR = "core_facilitator"
    REFRESHER = "refresher"


@dataclass(frozen=True)
class CourseRule:
    """How many sessions completion needs, and how long it keeps a facilitator eligible."""

    sessions_required: int
    validity_months: int


CourseRules = dict[Course, CourseRule]


@dataclass
class TrainingRecord:
    course: Course
    started_on: date
    sessions_attended: int = 0
    completed_on: date | None = None
    valid_until: date | None = None

    @property
    def in_progress(self) -> bool:
        return self.completed_on is None


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter (31 Jan → 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))

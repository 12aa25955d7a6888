"""When a group meets: a recurring local time in Europe/London, turned into UTC sessions."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

TIMEZONE = "Europe/London"
LONDON = ZoneInfo(TIMEZONE)
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
EN_DASH = "\u2013"  # ranges of time are printed with an en dash
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}


class Frequency(StrEnum):
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"


@dataclass(frozen=True)
class Occurrence:
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class Schedule:
    """`week_of_month` (1-4, or -1 for the last) only for monthly groups.

    `starts_on` is the first day a session may fall on; a fortnightly group meets on the
    weeks counted from it.
    """

    frequency: Frequency
    weekday: int
    start_time: time
    duration_minutes: int
    starts_on: date
    week_of_month: int | None = None
    timezone: str = TIMEZONE

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValueError("weekday is 0 (Monday) to 6 (Sunday)")
        if not 15 <= self.duration_minutes <= 600:
            raise ValueError("duration_minutes is between 15 and 600")
        monthly = self.frequency is Frequency.MONTHLY
        if monthly and self.week_of_month not in ORDINALS:
            raise ValueError("a monthly group needs week_of_month 1-4 or -1 (last)")
        if not monthly and self.week_of_month is not None:
            raise ValueError("week_of_month is only for monthly groups")
        if self.timezone != TIMEZONE:
            raise ValueError(f"groups meet on UK time: timezone must be {TIMEZONE}")

    def days(self, start: date, end: date) -> Iterator[date]:
        """Meeting days from `start` to `end` inclusive (never before `starts_on`)."""
        start = max(start, self.starts_on)
        if self.frequency is Frequency.MONTHLY:
            yield from self._monthly_days(start, end)
            return
        step = 7 if self.frequency is Frequency.WEEKLY else 14
        first = self.starts_on + timedelta(days=(self.weekday - self.starts_on.weekday()) % 7)
        if start > first:
            first += timedelta(days=-(-(start - first).days // step) * step)
        day = first
        while day <= end:
            yield day
            day += timedelta(days=step)

    def _monthly_days(self, start: date, end: date) -> Iterator[date]:
        year, month = start.year, start.month
        while date(year, month, 1) <= end:
            day = nth_weekday(year, month, self.weekday, self.week_of_month or 1)
            if start <= day <= end:
                yield day
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)

    def occurrences(self, after: datetime, until: datetime) -> list[Occurrence]:
        """Sessions starting in [after, until), in UTC; local times hold across DST changes."""
        local_from = after.astimezone(LONDON).date()
        local_to = until.astimezone(LONDON).date()
        found = []
        for day in self.days(local_from, local_to):
            starts = datetime.combine(day, self.start_time, tzinfo=LONDON).astimezone(UTC)
            if after <= starts < until:
                found.append(Occurrence(starts, starts + timedelta(minutes=self.duration_minutes)))
        return found

    def as_dict(self) -> dict[str, object]:
        return {
            "frequency": self.frequency.value,
            "weekday": self.weekday,
            "week_of_month": self.week_of_month,
            "start_time": f"{self.start_time:%H:%M}",
            "duration_minutes": self.duration_minutes,
            "timezone": self.timezone,
            "starts_on": self.starts_on.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Schedule:
        return cls(
            frequency=Frequency(data["frequency"]),
            weekday=int(data["weekday"]),
            week_of_month=data.get("week_of_month"),
            start_time=time.fromisoformat(data["start_time"]),
            duration_minutes=int(data["duration_minutes"]),
            starts_on=date.fromisoformat(data["starts_on"]),
            timezone=data.get("timezone", TIMEZONE),
        )

    def text(self) -> str:
        """`Monthly on the second Tuesday, 18:30-20:00` (an en dash, as printed)."""
        day = DAY_NAMES[self.weekday]
        ends = (
            datetime.combine(date(2000, 1, 1), self.start_time)
            + timedelta(minutes=self.duration_minutes)
        ).time()
        hours = f"{self.start_time:%H:%M}{EN_DASH}{ends:%H:%M}"
        if self.frequency is Frequency.MONTHLY:
            return f"Monthly on the {ORDINALS[self.week_of_month or 1]} {day}, {hours}"
        return f"{self.frequency.value.capitalize()} on {day}s, {hours}"


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th (1-4) or last (-1) given weekday of a month."""
    weeks = calendar.monthcalendar(year, month)
    days = [w[weekday] for w in weeks if w[weekday]]
    return date(year, month, days[n - 1] if n > 0 else days[-1])

"""When a group meets: a recurring local time in Europe/London, turned into UTC sessions.

The recurrence is an RFC 5545 rule (`dateutil.rrule`): weekly, fortnightly, or monthly on
the n-th or last weekday. Bank holidays come in from outside (`occurrences(closed=...)`).
"""

from __future__ import annotations

from collections.abc import Container, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from dateutil.rrule import FR, MO, MONTHLY, SA, SU, TH, TU, WE, WEEKLY, rrule

TIMEZONE = "Europe/London"
LONDON = ZoneInfo(TIMEZONE)
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
EN_DASH = "\u2013"  # ranges of time are printed with an en dash
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
WEEKDAYS = (MO, TU, WE, TH, FR, SA, SU)


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
        if start > end:
            return
        between = self._rule().between(_midnight(start), _midnight(end), inc=True)
        yield from (day.date() for day in between)

    def _rule(self) -> rrule:
        if self.frequency is Frequency.MONTHLY:
            nth = WEEKDAYS[self.weekday](self.week_of_month or 1)
            month_start = self.starts_on.replace(day=1)
            return rrule(MONTHLY, dtstart=_midnight(month_start), byweekday=nth)
        # Counted from the first meeting day on or after `starts_on`, so a fortnightly group
        # keeps its rhythm whichever day it is asked from.
        first = self.starts_on + timedelta(days=(self.weekday - self.starts_on.weekday()) % 7)
        interval = 1 if self.frequency is Frequency.WEEKLY else 2
        return rrule(WEEKLY, dtstart=_midnight(first), interval=interval)

    def occurrences(
        self, after: datetime, until: datetime, closed: Container[date] = frozenset()
    ) -> list[Occurrence]:
        """Sessions starting in [after, until), in UTC; local times hold across DST changes.

        A meeting day in `closed` (a bank holiday) is skipped, not moved: the group meets
        next on its next regular day.
        """
        local_from = after.astimezone(LONDON).date()
        local_to = until.astimezone(LONDON).date()
        found = []
        for day in self.days(local_from, local_to):
            if day in closed:
                continue
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
    # From the 1st forward to the n-th, or from the month's last day back to the last one.
    anchor = relativedelta(day=1) if n > 0 else relativedelta(day=31)
    return date(year, month, 1) + anchor + relativedelta(weekday=WEEKDAYS[weekday](n))


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time())

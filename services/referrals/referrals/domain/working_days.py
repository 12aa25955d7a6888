"""Working days in England and Wales: weekdays that are not bank holidays, in UK local time."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    # England and Wales share their bank holidays; Scotland and Northern Ireland differ.
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def local_date(at: datetime) -> date:
    return at.astimezone(LONDON).date()


def working_days_between(start: datetime, end: datetime) -> int:
    """Working days after the start's day, up to and including the end's day.

    Received on Friday and contacted on Monday is one working day; the same day is none.
    """
    first, last = local_date(start), local_date(end)
    count, day = 0, first + timedelta(days=1)
    while day <= last:
        count += is_working_day(day)
        day += timedelta(days=1)
    return count


def overdue_before(now: datetime, target_working_days: int) -> datetime:
    """The instant before which a referral still waiting for contact is overdue at `now`.

    A referral is overdue once more than the target's working days have passed since the
    day it arrived. Counting back from today, the (target + 1)-th working day is the first
    day a referral may have arrived and still be within target; its local midnight is the
    cut-off, so the database compares `received_at < cut-off` on an index.
    """
    day, seen = local_date(now), 0
    while True:
        if is_working_day(day):
            seen += 1
            if seen == target_working_days + 1:
                return datetime.combine(day, time(0), tzinfo=LONDON)
        day -= timedelta(days=1)


def is_overdue(received_at: datetime, now: datetime, target_working_days: int) -> bool:
    return working_days_between(received_at, now) > target_working_days

"""Group schedules: every session falls on the schedule's weekday, in order, never twice."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from groups.domain.schedule import Frequency, Schedule

LONDON = ZoneInfo("Europe/London")


@st.composite
def schedules(draw: st.DrawFn) -> Schedule:
    frequency = draw(st.sampled_from(list(Frequency)))
    monthly = frequency is Frequency.MONTHLY
    return Schedule(
        frequency=frequency,
        weekday=draw(st.integers(0, 6)),
        start_time=time(draw(st.integers(7, 20)), draw(st.sampled_from([0, 15, 30, 45]))),
        duration_minutes=draw(st.integers(15, 240)),
        starts_on=draw(st.dates(date(2025, 1, 1), date(2028, 12, 31))),
        week_of_month=draw(st.sampled_from([1, 2, 3, 4, -1])) if monthly else None,
    )


windows = st.tuples(st.dates(date(2024, 6, 1), date(2029, 6, 1)), st.integers(0, 400))


@given(schedules(), windows)
def test_meeting_days_are_on_the_weekday_in_order_and_in_the_window(
    schedule: Schedule, window: tuple[date, int]
) -> None:
    start, length = window
    end = start + timedelta(days=length)
    days = list(schedule.days(start, end))
    assert all(day.weekday() == schedule.weekday for day in days)
    assert days == sorted(set(days))  # strictly increasing: monotonic, no duplicates
    assert all(max(start, schedule.starts_on) <= day <= end for day in days)
    gaps = {(b - a).days for a, b in itertools.pairwise(days)}
    if schedule.frequency is Frequency.WEEKLY:
        assert all(gap % 7 == 0 for gap in gaps)
    elif schedule.frequency is Frequency.FORTNIGHTLY:
        assert all(gap % 14 == 0 for gap in gaps)
    else:
        assert len({(day.year, day.month) for day in days}) == len(days)


@given(schedules(), st.datetimes(datetime(2025, 1, 1), datetime(2029, 1, 1)), st.integers(1, 200))
def test_sessions_start_at_the_local_time_in_order(
    schedule: Schedule, after: datetime, days: int
) -> None:
    after = after.replace(tzinfo=UTC)
    until = after + timedelta(days=days)
    sessions = schedule.occurrences(after, until)
    starts = [s.starts_at for s in sessions]
    assert starts == sorted(set(starts))
    for session in sessions:
        assert after <= session.starts_at < until
        local = session.starts_at.astimezone(LONDON)
        assert local.weekday() == schedule.weekday
        assert local.time() == schedule.start_time  # across clock changes too
        assert session.ends_at - session.starts_at == timedelta(minutes=schedule.duration_minutes)

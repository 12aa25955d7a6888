"""Schedules: meeting days, UK time across the clock changes, and the words for them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from groups.adapters.bank_holidays import EnglandAndWalesBankHolidays
from groups.domain.schedule import Frequency, Schedule, nth_weekday

TUESDAY = 1


def monthly(week: int, starts_on: date = date(2026, 1, 1)) -> Schedule:
    return Schedule(Frequency.MONTHLY, TUESDAY, time(18, 30), 90, starts_on, week_of_month=week)


def test_last_tuesday_of_each_month() -> None:
    days = list(monthly(-1).days(date(2026, 1, 1), date(2026, 6, 30)))
    assert days == [
        date(2026, 1, 27),
        date(2026, 2, 24),
        date(2026, 3, 31),
        date(2026, 4, 28),
        date(2026, 5, 26),
        date(2026, 6, 30),
    ]


def test_second_tuesday_and_a_month_with_five() -> None:
    assert list(monthly(2).days(date(2026, 3, 1), date(2026, 4, 30))) == [
        date(2026, 3, 10),
        date(2026, 4, 14),
    ]
    assert nth_weekday(2026, 3, TUESDAY, 4) == date(2026, 3, 24)
    assert nth_weekday(2026, 3, TUESDAY, -1) == date(2026, 3, 31)


def test_local_time_holds_across_the_clock_change() -> None:
    """18:30 in London is 18:30 UTC in March before the change, 17:30 UTC after it."""
    weekly = Schedule(Frequency.WEEKLY, TUESDAY, time(18, 30), 90, date(2026, 3, 1))
    sessions = weekly.occurrences(
        datetime(2026, 3, 20, tzinfo=UTC), datetime(2026, 4, 5, tzinfo=UTC)
    )
    assert [s.starts_at for s in sessions] == [
        datetime(2026, 3, 24, 18, 30, tzinfo=UTC),  # GMT
        datetime(2026, 3, 31, 17, 30, tzinfo=UTC),  # BST from 29 March
    ]
    assert all((s.ends_at - s.starts_at).total_seconds() == 90 * 60 for s in sessions)
    autumn = weekly.occurrences(
        datetime(2026, 10, 20, tzinfo=UTC), datetime(2026, 11, 4, tzinfo=UTC)
    )
    assert [s.starts_at.hour for s in autumn] == [17, 18, 18]  # GMT again from 25 October


def test_fortnightly_counts_its_weeks_from_the_first_day() -> None:
    fortnightly = Schedule(Frequency.FORTNIGHTLY, TUESDAY, time(10, 0), 60, date(2026, 1, 5))
    assert list(fortnightly.days(date(2026, 1, 1), date(2026, 2, 28))) == [
        date(2026, 1, 6),
        date(2026, 1, 20),
        date(2026, 2, 3),
        date(2026, 2, 17),
    ]
    # Asked from a later day, the same rhythm: no drift to the nearest Tuesday.
    assert next(iter(fortnightly.days(date(2026, 1, 21), date(2026, 3, 1)))) == date(2026, 2, 3)


def test_nothing_before_the_first_day() -> None:
    later = monthly(2, starts_on=date(2026, 4, 1))
    assert list(later.days(date(2026, 1, 1), date(2026, 4, 30))) == [date(2026, 4, 14)]


def test_the_schedule_in_words() -> None:
    assert monthly(2).text() == "Monthly on the second Tuesday, 18:30\u201320:00"
    assert monthly(-1).text().startswith("Monthly on the last Tuesday")
    weekly = Schedule(Frequency.WEEKLY, 4, time(10, 0), 120, date(2026, 1, 1))
    assert weekly.text() == "Weekly on Fridays, 10:00\u201312:00"


@pytest.mark.parametrize(
    ("frequency", "week", "message"),
    [
        (Frequency.MONTHLY, None, "needs week_of_month"),
        (Frequency.MONTHLY, 5, "needs week_of_month"),
        (Frequency.WEEKLY, 2, "only for monthly"),
    ],
)
def test_week_of_month_fits_the_frequency(
    frequency: Frequency, week: int | None, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        Schedule(frequency, TUESDAY, time(18, 30), 90, date(2026, 1, 1), week_of_month=week)


def test_round_trips_through_its_stored_form() -> None:
    schedule = monthly(-1)
    assert Schedule.from_dict(schedule.as_dict()) == schedule


BANK_HOLIDAYS = EnglandAndWalesBankHolidays()


def test_england_and_wales_bank_holidays_offline() -> None:
    assert BANK_HOLIDAYS.name(date(2026, 12, 25)) == "Christmas Day"
    assert BANK_HOLIDAYS.name(date(2027, 5, 3)) == "May Day"
    assert date(2026, 12, 28) in BANK_HOLIDAYS  # Boxing Day falls on a Saturday: in lieu
    assert date(2026, 12, 24) not in BANK_HOLIDAYS
    assert date(2027, 3, 17) not in BANK_HOLIDAYS  # St Patrick's Day: Northern Ireland only


def test_a_session_on_a_bank_holiday_is_skipped_not_moved() -> None:
    """The last Friday of December 2026 is Christmas Day: that month has no session."""
    last_friday = Schedule(
        Frequency.MONTHLY, 4, time(18, 30), 90, date(2026, 11, 1), week_of_month=-1
    )
    after, until = datetime(2026, 11, 1, tzinfo=UTC), datetime(2027, 2, 1, tzinfo=UTC)
    every = [s.starts_at.date() for s in last_friday.occurrences(after, until)]
    assert every == [date(2026, 11, 27), date(2026, 12, 25), date(2027, 1, 29)]
    kept = last_friday.occurrences(after, until, closed=BANK_HOLIDAYS)
    assert [s.starts_at.date() for s in kept] == [date(2026, 11, 27), date(2027, 1, 29)]


def test_a_weekly_group_misses_only_the_bank_holiday_monday() -> None:
    mondays = Schedule(Frequency.WEEKLY, 0, time(10, 0), 60, date(2027, 4, 1))
    kept = mondays.occurrences(
        datetime(2027, 4, 20, tzinfo=UTC), datetime(2027, 5, 15, tzinfo=UTC), closed=BANK_HOLIDAYS
    )
    # 3 May 2027 is the May Day bank holiday; 10:00 in May is 09:00 UTC.
    assert [s.starts_at for s in kept] == [
        datetime(2027, 4, 26, 9, 0, tzinfo=UTC),
        datetime(2027, 5, 10, 9, 0, tzinfo=UTC),
    ]

"""Bank holidays in England and Wales, from the `holidays` package's tables (no network)."""

from __future__ import annotations

from datetime import date

import holidays


class EnglandAndWalesBankHolidays:
    """A `Container[date]` of the days the schedule skips.

    England's calendar is Wales's too. Christmas and Boxing Day count on their own dates
    and on the weekday given in lieu when they fall at a weekend: venues are shut either way.
    Each year's days are computed the first time a day of that year is asked about.
    """

    def __init__(self) -> None:
        self._days = holidays.country_holidays("GB", subdiv="ENG")

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and day in self._days

    def name(self, day: date) -> str | None:
        """The holiday's name (e.g. "Christmas Day"), or None on an ordinary day."""
        return self._days.get(day)

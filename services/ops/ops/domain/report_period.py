"""The period a report covers, from what a person typed: strict `YYYY-MM-DD`, from ≤ to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

STRICT_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
LONGEST_DAYS = 5 * 366
"""Five years: longer than any commissioning cycle, short enough to draw week by week."""


class InvalidPeriod(ValueError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class ReportPeriod:
    start: date
    end: date
    """Inclusive."""


def quarter_to_date(today: date) -> ReportPeriod:
    """The default: from the first day of this quarter to today."""
    first_month = 3 * ((today.month - 1) // 3) + 1
    return ReportPeriod(date(today.year, first_month, 1), today)


def strict_date(field: str, value: str) -> date:
    if not STRICT_DATE.fullmatch(value):
        raise InvalidPeriod(field, f"'{value[:20]}' is not a date written YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidPeriod(field, f"'{value}' is not a real date ({exc})") from exc


def report_period(start: str | None, end: str | None, today: date) -> ReportPeriod:
    """Missing ends default to this quarter to date; every problem names its field."""
    default = quarter_to_date(today)
    begins = strict_date("from", start) if start else default.start
    ends = strict_date("to", end) if end else max(default.end, begins)
    if begins > ends:
        raise InvalidPeriod("to", f"{ends.isoformat()} is before from ({begins.isoformat()})")
    if (ends - begins).days >= LONGEST_DAYS:
        raise InvalidPeriod("to", "the period is longer than five years; ask for less")
    return ReportPeriod(begins, ends)

"""Periods a commissioner usually asks for, offered beside the date fields."""

from __future__ import annotations

from datetime import date, timedelta

from ops.domain.report_period import ReportPeriod, quarter_to_date


def last_quarter(today: date) -> ReportPeriod:
    this = quarter_to_date(today).start
    end = this - timedelta(days=1)
    return ReportPeriod(quarter_to_date(end).start, end)


def financial_year_to_date(today: date) -> ReportPeriod:
    """The NHS's year runs from 1 April."""
    year = today.year if today.month >= 4 else today.year - 1
    return ReportPeriod(date(year, 4, 1), today)


def presets(today: date) -> list[tuple[str, ReportPeriod]]:
    return [
        ("This quarter so far", quarter_to_date(today)),
        ("Last quarter", last_quarter(today)),
        ("This financial year so far", financial_year_to_date(today)),
    ]

"""Dates typed into the NHS.UK date input (day, month, year boxes)."""

from __future__ import annotations

from datetime import date
from typing import Any


class AnswerProblem(ValueError):
    """An answer the page can tell is wrong before asking the API: shown beside `field`."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


def typed_date(values: dict[str, Any], name: str) -> date | None:
    """The date input's `name[day]`, `name[month]`, `name[year]`; None when all are empty."""
    parts = [str(values.get(f"{name}[{p}]") or "").strip() for p in ("day", "month", "year")]
    if not any(parts):
        return None
    if not all(p.isdigit() for p in parts):
        raise AnswerProblem(name, "Enter the date as numbers, for example 3 12 2026")
    day, month, year = (int(p) for p in parts)
    try:
        return date(year, month, day)
    except ValueError:
        raise AnswerProblem(name, "Enter a real date, for example 3 12 2026") from None


def three_years_on(issued: date) -> date:
    """Our DBS checks are renewed three years after issue (29 February becomes 28th)."""
    try:
        return issued.replace(year=issued.year + 3)
    except ValueError:
        return issued.replace(year=issued.year + 3, day=28)

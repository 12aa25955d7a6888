"""Jinja2 pieces the template renderer installs: strict undefined handling and filters."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from jinja2 import StrictUndefined, Undefined, UndefinedError
from jinja2.utils import missing

UK_TIME = ZoneInfo("Europe/London")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


class VariableMissing(UndefinedError):
    """Carries the missing variable's name, which Jinja only puts in prose."""

    def __init__(self, variable: str, message: str | None = None) -> None:
        super().__init__(message)
        self.variable = variable


class StrictVariable(StrictUndefined):
    """StrictUndefined that raises VariableMissing, so callers learn which variable."""

    __slots__ = ()

    def __init__(
        self,
        hint: str | None = None,
        obj: Any = missing,
        name: str | None = None,
        exc: type[UndefinedError] = UndefinedError,
    ) -> None:
        super().__init__(hint, obj, name, partial(VariableMissing, name or "?"))  # type: ignore[arg-type]


def _defined(value: Any) -> Any:
    # Filters receive undefined values unevaluated; str() makes a StrictVariable raise.
    if isinstance(value, Undefined):
        str(value)
    return value


def uk_datetime(value: Any) -> str:
    """`26 November 2026, 14:05` in UK local time; naive or ISO 8601 input is taken as UTC."""
    moment = _defined(value)
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if not isinstance(moment, datetime):
        raise TypeError("expected a datetime or an ISO 8601 string")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(UK_TIME)
    return f"{local.day} {_MONTHS[local.month - 1]} {local.year}, {local:%H:%M}"


def uk_date(value: Any) -> str:
    """`26 November 2026`, from a date, a datetime (UK local) or an ISO 8601 string."""
    moment = _defined(value)
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment) if "T" in moment else date.fromisoformat(moment)
    if isinstance(moment, datetime):
        moment = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UK_TIME)
    if not isinstance(moment, date):
        raise TypeError("expected a date, a datetime or an ISO 8601 string")
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}"


def working_days(value: Any) -> str:
    """`1 working day`, `2 working days`."""
    days = int(_defined(value))
    return f"{days} working day" + ("" if days == 1 else "s")


FILTERS: dict[str, Callable[..., Any]] = {
    "uk_datetime": uk_datetime,
    "uk_date": uk_date,
    "working_days": working_days,
}

"""`since` as people type it: `30d`, `12h`, `90m`, or an ISO date or time."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from ops.domain.observed import parse_time

RELATIVE = re.compile(r"^(?P<n>\d{1,5})(?P<unit>[mhdw])$")
UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
# What the API documents: no bound, a duration, or a calendar date.
SINCE_PATTERN = r"^(|all|[0-9]{1,5}[mhdw]|[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]))$"


class InvalidSince(ValueError):
    """`since` is neither a duration like 30d nor an ISO date."""


def parse_since(text: str | None, now: datetime) -> datetime | None:
    """The moment `text` names, relative to `now`; None for no bound."""
    if text is None or text.strip() in {"", "all"}:
        return None
    text = text.strip()
    match = RELATIVE.match(text)
    if match:
        return now - timedelta(**{UNITS[match["unit"]]: int(match["n"])})
    moment = parse_time(text if "T" in text else f"{text}T00:00:00+00:00")
    if moment is None:
        raise InvalidSince(
            f"'{text}' is not a duration (30d, 12h, 90m, 2w) or an ISO date (2026-01-31)"
        )
    return moment.astimezone(UTC)

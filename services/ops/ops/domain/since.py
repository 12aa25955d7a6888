"""`since` as people type it: `30d`, `12h`, `90m`, or an ISO date or time."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from ops.domain.observed import parse_time

RELATIVE = re.compile(r"^(?P<n>\d{1,5})(?P<unit>[mhdw])$")
UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


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

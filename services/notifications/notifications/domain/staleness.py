"""Messages that have lost their point by the time they are due."""

from __future__ import annotations

from datetime import datetime
from typing import Any

REMINDER = "session_reminder"


def too_late(template: str, data: dict[str, Any], now: datetime) -> str | None:
    """Why the message should be cancelled rather than sent now, if it should."""
    starts = data.get("starts_at") if template == REMINDER else None
    if starts and datetime.fromisoformat(starts) <= now:
        return "session already started"
    return None

"""An event waiting for the contact records of its recipients (they come on other topics)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class WaitingEvent:
    cause_event_id: str
    cause_source: str
    cause_type: str
    payload: dict[str, Any]
    waiting_for: list[uuid.UUID]
    created_at: datetime | None = None

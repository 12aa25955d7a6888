"""A provider paused for an outage, as every replica sees it (the circuit breaker's state)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Pause:
    provider: str
    channel: str
    reason: str
    paused_at: datetime
    retry_at: datetime
    probes: int = 0

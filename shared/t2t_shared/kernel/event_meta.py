"""The envelope fields a handler needs about the event it is handling."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class EventMeta:
    """Which event (its CloudEvents id, source and type), when, and about what.

    `(source, id)` is what the inbox records, so a redelivered event is done once.
    """

    id: str
    source: str
    type: str
    time: datetime | None = None
    subject: str | None = None

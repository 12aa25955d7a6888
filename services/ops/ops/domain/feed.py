"""The live feed: the latest events, each shown as time, type, area and subject id only."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime

from ops.domain.observed import ObservedEvent


@dataclass(frozen=True)
class FeedItem:
    seq: int
    id: str
    time: datetime
    service: str
    type: str
    name: str
    area: str | None
    subject: str | None


@dataclass(frozen=True)
class FeedFilter:
    service: str | None = None
    type: str | None = None
    """The full `ce_type` or just the event name, e.g. `ReferralReceived`."""
    area: str | None = None

    def matches(self, item: FeedItem) -> bool:
        return (
            (self.service is None or item.service == self.service)
            and (self.type is None or self.type in {item.type, item.name})
            and (self.area is None or item.area == self.area)
        )


@dataclass
class Feed:
    """Keeps the newest `size` events; `seq` lets a poller ask only for what is new."""

    size: int = 2000
    items: deque[FeedItem] = field(init=False)
    last_seq: int = 0

    def __post_init__(self) -> None:
        self.items = deque(maxlen=self.size)

    def apply(self, event: ObservedEvent) -> FeedItem:
        self.last_seq += 1
        item = FeedItem(
            self.last_seq,
            event.id,
            event.time,
            event.service,
            event.type,
            event.name,
            event.area,
            event.subject,
        )
        self.items.append(item)
        return item

    def query(self, which: FeedFilter, *, after: int = 0, limit: int = 100) -> list[FeedItem]:
        """The newest `limit` matching items after `after`, oldest first."""
        found: list[FeedItem] = []
        for item in reversed(self.items):
            if item.seq <= after or len(found) >= limit:
                break
            if which.matches(item):
                found.append(item)
        return found[::-1]

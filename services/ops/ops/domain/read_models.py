"""Every read model of the console, fed from one stream of observed events."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ops.domain.capacity import Capacity
from ops.domain.dlq import DeadLetters
from ops.domain.feed import Feed, FeedItem
from ops.domain.funnel import Funnel
from ops.domain.notifications import Notifications
from ops.domain.observed import ObservedEvent
from ops.domain.providers import Providers
from ops.domain.volunteers import Volunteers


@dataclass
class ReadModels:
    feed: Feed = field(default_factory=Feed)
    funnel: Funnel = field(default_factory=Funnel)
    capacity: Capacity = field(default_factory=Capacity)
    volunteers: Volunteers = field(default_factory=Volunteers)
    notifications: Notifications = field(default_factory=Notifications)
    providers: Providers = field(default_factory=Providers)
    dead_letters: DeadLetters = field(default_factory=DeadLetters)
    seen: set[tuple[str, str]] = field(default_factory=set)
    by_type: Counter[str] = field(default_factory=Counter)

    def apply(self, event: ObservedEvent) -> FeedItem | None:
        """Apply an event once: a redriven or replayed copy (same source and id) is skipped."""
        key = (event.source, event.id)
        if key in self.seen:
            return None
        self.seen.add(key)
        self.by_type[event.type] += 1
        self.funnel.apply(event)
        self.capacity.apply(event)
        self.volunteers.apply(event)
        self.notifications.apply(event)
        self.providers.apply(event)
        return self.feed.apply(event)

"""Where the console's read models live: ports, and an in-memory version for unit tests.

The service runs on the durable PostgreSQL versions (`ops.adapters.projection_store`,
`ops.adapters.console_views`); the in-memory one keeps every referral in a dict and is only
for tests and small tools.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Protocol

from ops.domain.capacity import AreaCapacity
from ops.domain.funnel import FunnelReport
from ops.domain.notifications import ChannelCounts
from ops.domain.observed import ObservedEvent
from ops.domain.providers import ProviderState
from ops.domain.read_models import ReadModels
from ops.domain.volunteers import VolunteerReport

Offsets = Mapping[tuple[str, int], int]


class ProjectionStore(Protocol):
    async def apply(self, events: Sequence[ObservedEvent], offsets: Offsets) -> int:
        """Apply the events once each and store `offsets` (next offset per partition) with them."""
        ...

    async def offsets(self) -> dict[tuple[str, int], int]: ...

    async def reset(self) -> None: ...


class ConsoleViews(Protocol):
    async def funnel(self, *, area: str | None, since: datetime | None) -> FunnelReport: ...

    async def capacity(self, area: str | None) -> list[AreaCapacity]: ...

    async def volunteers(self, area: str | None) -> VolunteerReport: ...

    async def notifications(self, area: str | None) -> list[ChannelCounts]: ...

    async def follow_up(self) -> dict[str, int]: ...

    async def providers(self) -> list[ProviderState]: ...

    async def events_by_type(self) -> dict[str, int]: ...


class MemoryProjections:
    """Both ports over the in-memory read models."""

    def __init__(self) -> None:
        self.models = ReadModels()
        self.stored: dict[tuple[str, int], int] = {}

    async def apply(self, events: Sequence[ObservedEvent], offsets: Offsets) -> int:
        applied = sum(1 for e in events if self.models.apply(e) is not None)
        for key, offset in offsets.items():
            self.stored[key] = max(offset, self.stored.get(key, 0))
        return applied

    async def offsets(self) -> dict[tuple[str, int], int]:
        return dict(self.stored)

    async def reset(self) -> None:
        self.models, self.stored = ReadModels(), {}

    async def funnel(self, *, area: str | None, since: datetime | None) -> FunnelReport:
        return self.models.funnel.report(area=area, since=since)

    async def capacity(self, area: str | None) -> list[AreaCapacity]:
        return self.models.capacity.report(area)

    async def volunteers(self, area: str | None) -> VolunteerReport:
        return self.models.volunteers.report(area)

    async def notifications(self, area: str | None) -> list[ChannelCounts]:
        return self.models.notifications.report(area)

    async def follow_up(self) -> dict[str, int]:
        return self.models.notifications.follow_up()

    async def providers(self) -> list[ProviderState]:
        return self.models.providers.report()

    async def events_by_type(self) -> dict[str, int]:
        return dict(sorted(self.models.by_type.items()))

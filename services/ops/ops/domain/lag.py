"""Consumer lag: messages behind, age of the oldest unprocessed event, and whether it is rising."""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

NO_COMMIT = -1


@dataclass(frozen=True)
class PartitionPosition:
    """Where a group stands on one partition; `oldest` is the time of the record at `committed`."""

    topic: str
    partition: int
    committed: int
    high_water: int
    oldest: datetime | None = None

    @property
    def behind(self) -> int:
        return max(0, self.high_water - max(self.committed, 0))


@dataclass(frozen=True)
class GroupLag:
    group: str
    messages: int
    seconds: float | None
    """Age of the oldest event the group has not processed; None when it is not behind."""
    rising: bool
    partitions: list[PartitionPosition]


def subscribed_topics(committed: Mapping[tuple[str, int], int]) -> set[str]:
    """Topics a group has committed on; Kafka offers no cheaper way to ask what it reads."""
    return {topic for (topic, _), offset in committed.items() if offset != NO_COMMIT}


def group_lag(
    group: str, positions: list[PartitionPosition], *, now: datetime, rising: bool = False
) -> GroupLag:
    ages = [(now - p.oldest).total_seconds() for p in positions if p.behind and p.oldest]
    return GroupLag(
        group=group,
        messages=sum(p.behind for p in positions),
        seconds=max(0.0, max(ages)) if ages else None,
        rising=rising,
        partitions=sorted(positions, key=lambda p: (p.topic, p.partition)),
    )


@dataclass
class LagHistory:
    """Recent samples per group; lag is rising when it grew at each of the last `window` steps."""

    window: int = 3
    samples: dict[str, deque[int]] = field(default_factory=dict)

    def record(self, group: str, messages: int) -> bool:
        history = self.samples.setdefault(group, deque(maxlen=self.window + 1))
        history.append(messages)
        return self.rising(group)

    def rising(self, group: str) -> bool:
        history = list(self.samples.get(group, ()))
        if len(history) <= self.window:
            return False
        return all(later > earlier for earlier, later in itertools.pairwise(history))

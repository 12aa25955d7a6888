"""What the observer feeds (the console's read models) and how far it has read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ops.domain.dlq import DeadLetter
from ops.domain.observed import ObservedEvent


class ObserverSink(Protocol):
    async def on_events(
        self, events: list[ObservedEvent], offsets: dict[tuple[str, int], int], *, live: bool
    ) -> None:
        """Apply a batch; `offsets` is the next offset of every partition it covers."""
        ...

    def on_dead_letter(self, letter: DeadLetter, *, live: bool) -> None: ...

    async def stored_offsets(self) -> dict[tuple[str, int], int]: ...

    async def reset(self) -> None: ...


@dataclass(frozen=True)
class Progress:
    read: int
    target: int
    partitions: int
    caught_up: bool

    @property
    def share(self) -> float:
        return 1.0 if self.caught_up or not self.target else min(1.0, self.read / self.target)

"""How far the observer has read of what the topics held when it started (or rebuilt).

"Rebuilt" means every partition reached the high-water mark it had when first fetched; a
record below that mark is history, one at or above it is live.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Iterable

from aiokafka import TopicPartition

from ops.adapters.observer_sink import Progress

log = logging.getLogger("ops.adapters.observer")


class RebuildProgress:
    def __init__(self) -> None:
        # The high-water mark each partition had when first fetched: what "rebuilt" means.
        self._initial: dict[TopicPartition, int] = {}
        self._start: dict[TopicPartition, int] = {}
        self._reached: set[TopicPartition] = set()
        self.read = 0
        self.caught_up_once = False
        self._started = self._logged = 0.0

    def started(self) -> None:
        self._started, self._logged = time.monotonic(), 0.0

    def report(self, progress: Progress) -> None:
        """Log the rebuild's progress every 2 s, and once when it is done."""
        if progress.caught_up and not self.caught_up_once:
            self.caught_up_once = True
            seconds = round(time.monotonic() - self._started, 2)
            log.info("read models rebuilt", extra={"records": progress.read, "s": seconds})
        elif not self.caught_up_once and time.monotonic() - self._logged > 2.0:
            self._logged = time.monotonic()
            percent = round(100 * progress.share, 1)
            extra = {"read": progress.read, "target": progress.target, "percent": percent}
            log.info("rebuilding read models", extra=extra)

    def starts_at(self, tp: TopicPartition, offset: int, *, after_rebuild: bool) -> None:
        """A partition newly observed from `offset`; one appearing after the rebuild is live."""
        self._start[tp] = offset
        if after_rebuild:
            self._initial[tp] = 0

    def fetched(
        self, tps: Iterable[TopicPartition], high: Callable[[TopicPartition], int | None]
    ) -> None:
        """Note the high-water mark of each partition the first time a fetch reports one."""
        for tp in tps:
            mark = high(tp)
            if tp not in self._initial and mark is not None:
                self._initial[tp] = mark

    async def note_reached(
        self, tps: Iterable[TopicPartition], position: Callable[[TopicPartition], Awaitable[int]]
    ) -> None:
        for tp in tps:
            known = tp in self._initial and tp not in self._reached
            if known and await position(tp) >= self._initial[tp]:
                self._reached.add(tp)

    def is_live(self, tp: TopicPartition, offset: int) -> bool:
        return offset >= self._initial.get(tp, 0)

    def rewound(self) -> None:
        """A batch failed and is read again: not caught up until it is stored."""
        self._reached.clear()

    def restart(self, events: Iterable[TopicPartition]) -> None:
        """A rebuild reads these partitions again from the beginning."""
        self.read, self.caught_up_once = 0, False
        for tp in events:
            self._initial.pop(tp, None)
            self._reached.discard(tp)
            self._start[tp] = 0

    def progress(self, assigned: set[TopicPartition], *, ready: bool, idle: bool) -> Progress:
        """`ready`: connected and the topics looked at once; `idle`: no batch being applied."""
        caught_up = self.caught_up_once or (ready and self._reached >= assigned and idle)
        target = sum(max(0, high - self._start.get(tp, 0)) for tp, high in self._initial.items())
        return Progress(self.read, target, len(assigned), caught_up)

"""When a dispatch worker starts its next round: at once when woken, else on a slow poll.

A handler that commits a message due now wakes the dispatcher in-process, so the message
does not wait for a poll. One wake starts one idle worker (the others stay asleep: an empty
round is three statements for nothing); a worker whose round came back full wakes the next,
so a backlog brings every worker in. If every worker is mid-round when the wake comes, the
first to finish goes again instead of sleeping. Only worker 0 polls: the safety net for
messages that fall due later (reminders, backoffs, quiet hours) or that another replica
committed.
"""

from __future__ import annotations

import asyncio
import contextlib


class Wakeups:
    def __init__(self, workers: int, poll_interval_s: float) -> None:
        self._events = [asyncio.Event() for _ in range(workers)]
        self._idle: list[int] = []
        self._missed = False
        self._poll_interval_s = poll_interval_s

    def wake(self) -> None:
        """Something is due now: one idle worker starts a round."""
        if self._idle:
            self._events[self._idle.pop()].set()
        else:
            self._missed = True

    async def wait(self, worker: int) -> None:
        """Until this worker is woken (worker 0: or the poll interval has passed)."""
        if self._missed:
            self._missed = False
            return
        event = self._events[worker]
        self._idle.append(worker)
        try:
            timeout = self._poll_interval_s if worker == 0 else None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), timeout)
        finally:
            if worker in self._idle:
                self._idle.remove(worker)
            event.clear()

    @property
    def idle(self) -> int:
        """Workers asleep now (for tests and metrics)."""
        return len(self._idle)

"""Work a service repeats on a timer (expiry sweeps, offer expiry), as a background worker."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import structlog

log = structlog.get_logger(__name__)

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class Periodic:
    """Runs `job` every `interval_s` seconds while the service runs.

    A failing run is logged and the next one still happens: a sweep must not die
    because the database blinked. Jobs must be safe to run on several replicas at
    once (they claim rows with `FOR UPDATE SKIP LOCKED` or are idempotent).
    """

    def __init__(self, name: str, interval_s: float, job: Callable[[], Awaitable[object]]) -> None:
        self.name = name
        self.interval_s = interval_s
        self._job = job
        self._stopped = asyncio.Event()

    async def run(self) -> None:
        while not self._stopped.is_set():
            try:
                await self._job()
            except Exception:
                log.exception("periodic_job_failed", job=self.name)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopped.wait(), timeout=self.interval_s)

    async def close(self) -> None:
        self._stopped.set()

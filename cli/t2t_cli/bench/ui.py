"""Progress bars that cost the measured code nothing: counters are read by a ticker task."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Iterator

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)


def make_progress(console: Console | None = None, *, quiet: bool = False) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description:<34}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=quiet,
        # Redrawn in a thread that takes the GIL from the load generator: 10 a second (rich's
        # default) cost the bench ~20 ms of CPU a second with no load at all.
        refresh_per_second=2,
    )


class Counter:
    """A plain integer bumped from callbacks; far cheaper than touching the bar each time."""

    def __init__(self) -> None:
        self.value = 0

    def add(self, n: int = 1) -> None:
        self.value += n


@contextlib.asynccontextmanager
async def ticking(
    progress: Progress, description: str, total: int, count: Callable[[], int]
) -> AsyncIterator[TaskID]:
    """A bar for ``total`` steps, redrawn from ``count()`` five times a second."""
    task = progress.add_task(description, total=total)

    async def tick() -> None:
        while True:
            progress.update(task, completed=count())
            await asyncio.sleep(0.2)

    ticker = asyncio.create_task(tick())
    try:
        yield task
    finally:
        ticker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await ticker
        progress.update(task, completed=count())
        progress.stop_task(task)


@contextlib.contextmanager
def step(progress: Progress, description: str) -> Iterator[Callable[[str], None]]:
    """A spinner whose text follows a multi-step start; it turns into a full bar when done."""
    task = progress.add_task(description, total=None)

    def say(text: str) -> None:
        progress.update(task, description=text)

    yield say
    progress.update(task, description=description, total=1, completed=1)
    progress.stop_task(task)

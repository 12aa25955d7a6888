"""Run the services as children: prefixed output, readiness checks, and a clean shutdown."""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from rich.console import Console

from .child import Child
from .readiness import wait_until_ready

log = logging.getLogger(__name__)
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


@dataclass(frozen=True)
class _Resource:
    name: str
    stop: Callable[[], None]
    alive: Callable[[], bool] | None


class Supervisor:
    """Owns every process of the local stack and stops all of them, whatever happens.

    Children run in their own process groups, so a terminal's Ctrl-C reaches only us and
    we stop them in order: services first (SIGTERM, then SIGKILL after ``grace`` seconds),
    then the adopted resources (broker, database, mail catcher) in reverse order.
    """

    def __init__(self, console: Console | None = None, *, grace: float = 5.0) -> None:
        self.console = console or Console()
        self.grace = grace
        self.children: dict[str, Child] = {}
        self.stop_reason: str | None = None
        self._ready_urls: dict[str, str] = {}
        self._transient: set[Child] = set()
        self._resources: list[_Resource] = []
        self._force = asyncio.Event()
        self._stopped = False
        self._signals: list[signal.Signals] = []

    async def start(
        self,
        name: str,
        argv: Sequence[str],
        *,
        env: Mapping[str, str] | None = None,
        ready_url: str | None = None,
    ) -> Child:
        if name in self.children:
            raise ValueError(f"a child named {name!r} is already running")
        index = len(self.children)
        child = await Child.spawn(name, argv, console=self.console, index=index, env=env)
        self.children[name] = child
        if ready_url:
            self._ready_urls[name] = ready_url
        width = max(len(n) for n in self.children)
        for each in self.children.values():
            each.width = width  # aligned prefixes read as columns
        return child

    async def run_once(
        self, name: str, argv: Sequence[str], *, env: Mapping[str, str] | None = None
    ) -> tuple[int, str]:
        """Run a short command to completion (e.g. a migration); return its code and output."""
        child = await Child.spawn(name, argv, console=None, env=env)
        self._transient.add(child)
        try:
            code = await child.wait()
            await child.close_output()
            return code, "\n".join(child.lines)
        finally:
            self._transient.discard(child)

    def adopt(
        self, name: str, stop: Callable[[], None], alive: Callable[[], bool] | None = None
    ) -> None:
        """Stop ``stop`` after the children; if ``alive`` turns false, the stack stops."""
        self._resources.append(_Resource(name, stop, alive))

    async def wait_ready(self, within: float = 60.0) -> dict[str, float]:
        """Wait until every child with a readiness URL answers 200; seconds since each start."""
        targets = {self.children[name]: url for name, url in self._ready_urls.items()}
        return await wait_until_ready(targets, within)

    def handle_signals(self, task: asyncio.Task[object] | None = None) -> None:
        """First SIGINT/SIGTERM/SIGHUP cancels ``task`` (which then stops us); a second kills."""
        loop = asyncio.get_running_loop()
        target = task or asyncio.current_task()
        assert target is not None
        for sig in _STOP_SIGNALS:
            loop.add_signal_handler(sig, self._on_signal, sig, target)
            self._signals.append(sig)

    def _on_signal(self, sig: signal.Signals, task: asyncio.Task[object]) -> None:
        if self.stop_reason is None:
            self.stop_reason = f"received {sig.name}"
            self.console.print(f"[bold]stopping ({sig.name}); press Ctrl-C again to kill now[/]")
            task.cancel()
        else:
            self._force.set()

    async def run(self) -> str:
        """Wait until a child exits or an adopted resource dies; return why."""
        waits: dict[asyncio.Task[Any], Child] = {
            asyncio.create_task(child.wait()): child for child in self.children.values()
        }
        watch: asyncio.Task[Any] = asyncio.create_task(self._watch_resources())
        try:
            done, _ = await asyncio.wait([*waits, watch], return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in [*waits, watch]:
                task.cancel()
        finished = next(iter(done))
        if finished is watch:
            reason = str(watch.result())
        else:
            child = waits[finished]
            await child.drain()
            reason = f"{child.name} exited with code {child.returncode}"
        self.stop_reason = self.stop_reason or reason
        return reason

    async def _watch_resources(self) -> str:
        while True:
            for resource in self._resources:
                if resource.alive is not None and not resource.alive():
                    return f"{resource.name} stopped unexpectedly"
            await asyncio.sleep(0.5)

    async def stop(self) -> None:
        """Stop every child (TERM, then KILL after the grace period), then the resources."""
        if self._stopped:
            return
        self._stopped = True
        try:
            await self._stop_children([*self.children.values(), *self._transient])
        finally:
            for resource in reversed(self._resources):
                try:
                    await asyncio.to_thread(resource.stop)
                except Exception:
                    log.exception("could not stop %s", resource.name)
            loop = asyncio.get_running_loop()
            for sig in self._signals:
                loop.remove_signal_handler(sig)

    async def _stop_children(self, children: list[Child]) -> None:
        for child in children:
            child.signal_group(signal.SIGTERM)
        deadline = time.monotonic() + self.grace
        while any(child.returncode is None for child in children):
            if self._force.is_set() or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.05)
        for child in children:
            if child.returncode is None:
                log.warning("%s did not stop within %.0fs; killing it", child.name, self.grace)
            child.signal_group(signal.SIGKILL)  # also leftovers of children already gone
        await asyncio.wait_for(asyncio.gather(*(child.wait() for child in children)), 10)
        await asyncio.gather(*(child.close_output() for child in children))

    async def __aenter__(self) -> Supervisor:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

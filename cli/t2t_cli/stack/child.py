"""One supervised child process: its own process group, its output prefixed and remembered."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
from collections import deque
from collections.abc import Mapping, Sequence

from rich.console import Console
from rich.text import Text

_PALETTE = ("cyan", "magenta", "green", "yellow", "blue", "bright_red", "bright_cyan")
_LINE_LIMIT = 1 << 20  # a child printing one huge JSON log line must not stall the pump


class Child:
    """A process started in a new session, so signals reach it and its own children together."""

    def __init__(
        self,
        name: str,
        proc: asyncio.subprocess.Process,
        console: Console | None,
        colour: str = _PALETTE[0],
    ) -> None:
        self.name, self.proc, self.console, self.colour = name, proc, console, colour
        self.lines: deque[str] = deque(maxlen=40)
        self.width = len(name)
        self.started = time.monotonic()
        self._pump = asyncio.create_task(self._read_output(), name=f"output of {name}")

    @classmethod
    async def spawn(
        cls,
        name: str,
        argv: Sequence[str],
        *,
        console: Console | None,
        index: int = 0,
        env: Mapping[str, str] | None = None,
        cwd: str | None = None,
    ) -> Child:
        merged = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
        proc = await asyncio.create_subprocess_exec(
            *argv,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            env=merged,
            cwd=cwd,
            start_new_session=True,
            limit=_LINE_LIMIT,
        )
        return cls(name, proc, console, _PALETTE[index % len(_PALETTE)])

    @property
    def pid(self) -> int:
        return self.proc.pid

    @property
    def returncode(self) -> int | None:
        return self.proc.returncode

    def last_output(self, lines: int = 15) -> str:
        kept = list(self.lines)[-lines:]
        return "\n".join(f"    {line}" for line in kept) if kept else "    (no output)"

    def signal_group(self, sig: signal.Signals) -> None:
        """Signal the whole process group: the child and anything it started."""
        # The group outlives its leader while grandchildren remain, so this also
        # reaches leftovers of a child that has already exited.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, sig)

    async def wait(self) -> int:
        # Not proc.wait(): that also waits for the pipes to close, which a grandchild
        # holding our stdout would put off indefinitely. returncode is set at exit.
        while (code := self.proc.returncode) is None:  # noqa: ASYNC110 - see above
            await asyncio.sleep(0.05)
        return code

    async def drain(self, within: float = 0.5) -> None:
        """Give the pump up to ``within`` seconds to print what is still in the pipe."""
        if not self._pump.done():
            await asyncio.wait({self._pump}, timeout=within)

    async def close_output(self, within: float = 2.0) -> None:
        await self.drain(within)
        self._pump.cancel()

    async def _read_output(self) -> None:
        stream = self.proc.stdout
        assert stream is not None
        while True:
            try:
                raw = await stream.readline()
            except ValueError:  # longer than the limit: take what is buffered
                raw = await stream.read(_LINE_LIMIT)
            if not raw:
                return
            line = raw.decode(errors="replace").rstrip()
            self.lines.append(line)
            self._echo(line)

    def _echo(self, line: str) -> None:
        if self.console is None:  # output kept for error messages only
            return
        prefix = Text(f"{self.name:<{self.width}} │ ", style=self.colour)
        self.console.print(prefix + Text(line), soft_wrap=True, highlight=False)

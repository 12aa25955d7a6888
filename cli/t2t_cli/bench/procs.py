"""Child processes of the bench: output straight to a log file, stopped as a process group.

Unlike `t2t up`'s supervisor, nothing is pumped through this process: echoing thousands of
service log lines here would steal CPU from the load generator being timed.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from t2t_cli.stack.common import StackError, tail
from t2t_cli.stack.readiness import http_status


class Proc:
    """One child in its own session, so a terminal's Ctrl-C reaches only the bench."""

    def __init__(
        self, name: str, argv: Sequence[str], *, env: Mapping[str, str], log_path: Path
    ) -> None:
        self.name, self.argv, self.env, self.log_path = name, list(argv), dict(env), log_path
        self._proc: asyncio.subprocess.Process | None = None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    @property
    def returncode(self) -> int | None:
        return self._proc.returncode if self._proc else None

    async def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self._proc = await asyncio.create_subprocess_exec(
                *self.argv,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=asyncio.subprocess.STDOUT,
                env={**os.environ, "PYTHONUNBUFFERED": "1", **self.env},
                start_new_session=True,
            )

    async def run(self, within: float = 120.0) -> None:
        """Run to completion (a migration); StackError with the log's tail if it fails."""
        await self.start()
        assert self._proc is not None
        try:
            code = await asyncio.wait_for(self._proc.wait(), within)
        except TimeoutError:
            await self.stop()
            raise StackError(f"{self.name} did not finish within {within:.0f}s") from None
        except BaseException:  # cancelled (Ctrl-C) or a sibling failed: leave nothing behind
            await self.stop()
            raise
        if code != 0:
            raise StackError(f"{self.name} exited with code {code}:\n{self.last_output()}")

    async def wait_http(self, url: str, within: float = 60.0) -> None:
        """Poll ``url`` until it answers 200; StackError if the child dies or time runs out."""
        deadline = time.monotonic() + within
        while await http_status(url) != 200:
            if self.returncode is not None:
                raise StackError(
                    f"{self.name} exited with code {self.returncode}:\n{self.last_output()}"
                )
            if time.monotonic() > deadline:
                raise StackError(
                    f"{self.name} not ready at {url} after {within:.0f}s:\n{self.last_output()}"
                )
            await asyncio.sleep(0.1)

    async def stop(self, grace: float = 5.0) -> None:
        """SIGTERM the group, SIGKILL what is left after ``grace`` seconds; safe to repeat."""
        proc = self._proc
        if proc is None:
            return
        self._signal(proc.pid, signal.SIGTERM)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(proc.wait(), grace)
        # Also reaches grandchildren that outlived their parent in the same group.
        self._signal(proc.pid, signal.SIGKILL)
        await proc.wait()

    def last_output(self, lines: int = 25) -> str:
        if not self.log_path.exists():
            return "(no output)"
        text: str = tail(self.log_path.read_text(errors="replace"), lines)
        return text

    @staticmethod
    def _signal(pid: int, sig: signal.Signals) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, sig)


def python_module(module: str, *args: str) -> list[str]:
    return [sys.executable, "-m", module, *args]

"""Load the stack fixtures for the cli tests, once, even if the root conftest also does."""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from pathlib import Path

import pytest


def pytest_configure(config: pytest.Config) -> None:
    # import_plugin is a no-op for a plugin already registered under this name, so this
    # coexists with `pytest_plugins = ["t2t_cli.pytest_plugin"]` in the root conftest.
    config.pluginmanager.import_plugin("t2t_cli.pytest_plugin")


@pytest.fixture
def reachable_dir() -> Iterator[Path]:
    """A temp directory the postgres user can traverse (pytest's own basetemp is 0700)."""
    path = Path(tempfile.mkdtemp(prefix="t2t-cli-test-"))
    path.chmod(0o711)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _gone(pid: int) -> bool:
    """Dead or a zombie: os.kill(pid, 0) alone would call a zombie alive."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True
    return "\nState:\tZ" in status


@pytest.fixture
def still_alive() -> Callable[[Iterable[int]], list[int]]:
    """``still_alive(pids)``: those not gone after a short grace (init reaps orphans)."""

    def check(pids: Iterable[int], within: float = 3.0) -> list[int]:
        deadline = time.monotonic() + within
        alive = [pid for pid in pids if not _gone(pid)]
        while alive and time.monotonic() < deadline:
            time.sleep(0.05)
            alive = [pid for pid in alive if not _gone(pid)]
        return alive

    return check


@pytest.fixture
async def reap() -> AsyncIterator[Callable[[asyncio.subprocess.Process], None]]:
    """``reap(proc)``: SIGTERM it (then SIGKILL) at teardown if a failed test left it running."""
    procs: list[asyncio.subprocess.Process] = []
    yield procs.append
    for proc in procs:
        if proc.returncode is not None:
            continue
        proc.terminate()  # lets a supervisor stop its own children first
        try:
            await asyncio.wait_for(proc.wait(), 15)
        except TimeoutError:
            proc.kill()
            await proc.wait()

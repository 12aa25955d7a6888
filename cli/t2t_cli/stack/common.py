"""Small pieces every part of the local stack needs: errors, ports, sync bridges."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import socket
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


class StackError(RuntimeError):
    """A piece of the local stack could not start or stop; the message says what to do."""


class PortInUseError(StackError):
    """The port a piece of the stack wants is already taken."""


def is_root() -> bool:
    return os.geteuid() == 0


def free_port(host: str = "127.0.0.1") -> int:
    """Return a port that was free a moment ago (the usual race applies)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def ensure_port_free(host: str, port: int, what: str, hint: str = "") -> None:
    """Fail early with a readable message instead of a server's own bind error."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # SO_REUSEADDR mirrors what servers do, so TIME_WAIT leftovers don't count as taken.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            message = f"port {port} is in use on {host}: cannot start {what}"
            raise PortInUseError(f"{message}. {hint}".strip() if hint else message) from exc


def port_accepts(host: str, port: int, timeout: float = 0.2) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion from sync code, even when a loop runs in this thread.

    Fixtures and the blocking start/stop methods are sync, but may be called from an
    async test; there ``asyncio.run`` would refuse, so the coroutine gets its own thread.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def tail(text: str, lines: int = 20) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])

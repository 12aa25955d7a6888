"""Small waits of the bench's start-up: a port opening, a blocking start, a quiet drop."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import TypeVar

from t2t_cli.stack.common import StackError, port_accepts
from t2t_cli.stack.pgdb import drop_database

from .procs import Proc

T = TypeVar("T")
HOST = "127.0.0.1"


async def wait_port(proc: Proc, port: int, within: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not port_accepts(HOST, port):
        if proc.returncode is not None or loop.time() > deadline:
            raise StackError(f"{proc.name} is not listening on {port}:\n{proc.last_output()}")
        await asyncio.sleep(0.05)


async def drop_quietly(server: str, name: str) -> None:
    # A server that has already gone takes its databases with it: nothing left to clean.
    with contextlib.suppress(Exception):
        await drop_database(server, name)


async def blocking(fn: Callable[[], T]) -> T:
    """Run a blocking start in a thread; if cancelled, let it finish so its stop finds it."""
    future = asyncio.ensure_future(asyncio.to_thread(fn))
    try:
        return await asyncio.shield(future)
    except asyncio.CancelledError:
        with contextlib.suppress(Exception):
            await future
        raise

"""Readiness: poll each child's /readyz until it answers 200, or say which one failed."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from urllib.parse import urlsplit

from .child import Child
from .common import StackError


class ChildFailed(StackError):
    """A child exited or never became ready; the message names it and shows its last output."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


async def wait_until_ready(targets: Mapping[Child, str], within: float) -> dict[str, float]:
    """Poll every child's URL at once; the first failure cancels the rest and is raised."""
    if not targets:
        return {}
    deadline = time.monotonic() + within
    polls = {
        child.name: asyncio.create_task(_poll(child, url, deadline, within))
        for child, url in targets.items()
    }
    try:
        done, _ = await asyncio.wait(polls.values(), return_when=asyncio.FIRST_EXCEPTION)
        for task in done:
            task.result()
    finally:
        for task in polls.values():
            task.cancel()
    return {name: task.result() for name, task in polls.items()}


async def http_status(url: str, within: float = 1.0) -> int | None:
    """GET ``url`` (plain http) and return the status code, or None if nothing answers.

    A bare request rather than an HTTP client: polling five times a second must not
    fill the log with a client library's per-request lines.
    """
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    try:
        async with asyncio.timeout(within):
            reader, writer = await asyncio.open_connection(host, port)
            try:
                request = (
                    f"GET {parts.path or '/'} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
                )
                writer.write(request.encode())
                await writer.drain()
                status_line = await reader.readline()
            finally:
                writer.close()
    except (OSError, TimeoutError):
        return None
    fields = status_line.split()
    return int(fields[1]) if len(fields) >= 2 and fields[1].isdigit() else None


async def _poll(child: Child, url: str, deadline: float, within: float) -> float:
    while True:
        if child.returncode is not None:
            await child.drain()
            raise ChildFailed(
                child.name,
                f"{child.name} exited with code {child.returncode} before it was ready "
                f"({url}); its last output:\n{child.last_output()}",
            )
        if await http_status(url) == 200:
            return time.monotonic() - child.started
        if time.monotonic() > deadline:
            raise ChildFailed(
                child.name,
                f"{child.name} was not ready at {url} after {within:.0f}s; "
                f"its last output:\n{child.last_output()}",
            )
        await asyncio.sleep(0.2)

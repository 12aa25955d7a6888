"""Wait until the stack is quiet: every outbox published, no consumer still handling events."""

from __future__ import annotations

import asyncio

import asyncpg

_UNPUBLISHED = "SELECT count(*) FROM outbox WHERE published_at IS NULL AND quarantined_at IS NULL"
_HANDLED = "SELECT count(*) FROM processed_messages"


async def _count_if_there(connection: asyncpg.Connection, table: str, query: str) -> int:
    # The console has neither table: it publishes nothing and records no inbox. A query that
    # names a missing table fails when it is planned, whatever CASE surrounds it.
    if await connection.fetchval("SELECT to_regclass($1)", table) is None:
        return 0
    return int(await connection.fetchval(query))


async def _snapshot(urls: list[str]) -> list[tuple[int, int]]:
    counts = []
    for url in urls:
        connection = await asyncpg.connect(url)
        try:
            unpublished = await _count_if_there(connection, "outbox", _UNPUBLISHED)
            handled = await _count_if_there(connection, "processed_messages", _HANDLED)
            counts.append((unpublished, handled))
        finally:
            await connection.close()
    return counts


async def until_quiet(urls: list[str], *, steady_s: float = 3.0, within: float = 120) -> None:
    """Nothing waits in an outbox and no inbox grew for `steady_s` (events still arriving
    would be handled, and recorded, within that)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    previous, since = None, loop.time()
    while loop.time() < deadline:
        counts = await _snapshot(urls)
        if counts != previous or any(unpublished for unpublished, _ in counts):
            previous, since = counts, loop.time()
        elif loop.time() - since >= steady_s:
            return
        await asyncio.sleep(0.5)
    raise AssertionError(f"the stack did not settle within {within}s: {previous}")

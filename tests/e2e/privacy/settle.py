"""Wait until the stack is quiet: every outbox published, no consumer still handling events."""

from __future__ import annotations

import asyncio

import asyncpg

_COUNTS = """
SELECT
  CASE WHEN to_regclass('outbox') IS NULL THEN 0
       ELSE (SELECT count(*) FROM outbox WHERE published_at IS NULL AND quarantined_at IS NULL) END,
  CASE WHEN to_regclass('processed_messages') IS NULL THEN 0
       ELSE (SELECT count(*) FROM processed_messages) END
"""


async def _snapshot(urls: list[str]) -> list[tuple[int, int]]:
    counts = []
    for url in urls:
        connection = await asyncpg.connect(url)
        try:
            row = await connection.fetchrow(_COUNTS)
            counts.append((int(row[0]), int(row[1])))
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

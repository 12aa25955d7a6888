"""Erasure in the outbox: no copy of an erased key's records may be published again.

A row keeps its place, id and headers (ids and types only) but loses its value. An
unpublished row then goes out as a tombstone, which is what an erasure publishes anyway;
a published row (kept a while as history for `t2t replay`) can no longer be replayed
with the details in it.
"""

from __future__ import annotations

from collections.abc import Collection

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession


async def blank_records(
    session: AsyncSession, table: sa.Table, *, topic: str, keys: Collection[str]
) -> int:
    """Null the value of every row of these keys on this topic, published or not.

    Returns how many rows held a value. Runs in the caller's transaction, with the erasure.
    """
    if not keys:
        return 0
    result = await session.execute(
        sa.update(table)
        .where(table.c.topic == topic, table.c.key.in_(list(keys)), table.c.value.is_not(None))
        .values(value=None)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]

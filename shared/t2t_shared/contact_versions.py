"""Versions of the records on a contacts topic, counted per key in the change's transaction."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession


class SqlContactVersions:
    """`table` has a `key` (the person's or volunteer's id) and an integer `version`."""

    def __init__(self, session: AsyncSession, table: sa.Table) -> None:
        self._session = session
        self._table = table

    async def next(self, key: uuid.UUID) -> int:
        """1 for a key's first record, then one more each time.

        The upsert holds the counter's row until commit: two transactions changing one
        person's record take turns, and the later commit carries the higher version, so a
        reader keeping the highest version keeps the latest details, whatever order the
        records arrive in. A rolled-back change gives its number back with it.
        """
        v = self._table
        counted = await self._session.execute(
            insert(v)
            .values(key=key, version=1)
            .on_conflict_do_update(index_elements=[v.c.key], set_={"version": v.c.version + 1})
            .returning(v.c.version)
        )
        return int(counted.scalar_one())

"""Versions of the records on the contacts topic, counted per key in the change's transaction."""

from __future__ import annotations

import uuid

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from volunteers.adapters import orm

V = orm.contact_versions


class SqlContactVersions:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def next(self, key: uuid.UUID) -> int:
        """1 for a key's first record, then one more each time.

        The upsert holds the counter's row until commit: two transactions changing one
        volunteer's record take turns, and the later commit carries the higher version, so a
        reader keeping the highest version keeps the latest details, whatever order the
        records arrive in. A rolled-back change gives its number back with it.
        """
        counted = await self._session.execute(
            insert(V)
            .values(key=key, version=1)
            .on_conflict_do_update(index_elements=[V.c.key], set_={"version": V.c.version + 1})
            .returning(V.c.version)
        )
        return int(counted.scalar_one())

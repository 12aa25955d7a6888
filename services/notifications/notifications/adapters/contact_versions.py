"""The highest contact-record version seen per (owner topic, person), and final erasures.

The contacts topics are compacted and may be replayed, and a record can be retried after
a newer one: only a record newer than the stored version may change the directory, and a
tombstone (erasure) is final, whatever version comes after it. Call with the recipient's
lock held (`SqlRecipients.lock`), which serialises the check and the write.
"""

from __future__ import annotations

import uuid

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters import orm
from t2t_shared import driver


class SqlContactVersions:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def accept(self, topic: str, person_id: uuid.UUID, version: int) -> bool:
        """Record `version` if it is newer than what we hold; False if it must be ignored.

        A record without a version (an older producer) is version 0. Two of those cannot be
        ordered, so the later one applies, as before versions existed; any versioned record
        outranks them.
        """
        # One statement: the row is written only if this version outranks the one held
        # (a tombstone's row never changes), and RETURNING says whether it was.
        db = await driver.connection(self._session)
        written = await db.fetchval(
            "INSERT INTO contact_versions AS v (topic, person_id, version) VALUES ($1, $2, $3)"
            " ON CONFLICT (topic, person_id) DO UPDATE SET version = excluded.version"
            " WHERE NOT v.erased AND (excluded.version > v.version"
            " OR (excluded.version = 0 AND v.version = 0))"
            " RETURNING true",
            topic,
            person_id,
            version,
        )
        return bool(written)

    async def erase(self, topic: str, person_id: uuid.UUID) -> None:
        """The tombstone: final. Holds the id and topic only, no personal data."""
        v = orm.contact_versions
        statement = insert(v).values(topic=topic, person_id=person_id, version=0, erased=True)
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=[v.c.topic, v.c.person_id], set_={"erased": True}
            )
        )

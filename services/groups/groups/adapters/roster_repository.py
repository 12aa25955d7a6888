"""The facilitator roster: one row per volunteer who has trained as a facilitator."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from groups.adapters import orm
from groups.domain.roster import Facilitator

F = orm.facilitators


class SqlFacilitatorRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, volunteer_id: uuid.UUID) -> Facilitator | None:
        found = await self.get_many([volunteer_id])
        return found[0] if found else None

    async def get_many(self, volunteer_ids: Sequence[uuid.UUID]) -> list[Facilitator]:
        if not volunteer_ids:
            return []
        # No lock: eligibility is read while the area's groups are locked, and a roster
        # handler locks a group row (the lapse flag) after writing its facilitator; locking
        # here too could deadlock the two.
        rows = await self._session.execute(sa.select(F).where(F.c.volunteer_id.in_(volunteer_ids)))
        return [
            Facilitator(
                volunteer_id=r.volunteer_id,
                area=r.area,
                valid_until=r.valid_until,
                training_expired=r.training_expired,
                dbs_expired=r.dbs_expired,
                paused=r.paused,
                left=r.left,
            )
            for r in rows
        ]

    async def save(self, f: Facilitator) -> None:
        values = {
            "area": f.area,
            "valid_until": f.valid_until,
            "training_expired": f.training_expired,
            "dbs_expired": f.dbs_expired,
            "paused": f.paused,
            "left": f.left,
        }
        await self._session.execute(
            insert(F)
            .values(volunteer_id=f.volunteer_id, **values)
            .on_conflict_do_update(index_elements=[F.c.volunteer_id], set_=values)
        )

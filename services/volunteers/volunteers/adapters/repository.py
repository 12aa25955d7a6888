"""Loads and saves whole volunteers (pipeline row, person, checks, training) on one session."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from volunteers.adapters import mapping, orm
from volunteers.domain.model import Volunteer
from volunteers.domain.stages import ConcurrentUpdate


class SqlVolunteerRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, volunteer: Volunteer) -> None:
        await self._session.execute(sa.insert(orm.volunteers).values(**mapping.row(volunteer)))
        await self._save_parts(volunteer)

    async def get(self, volunteer_id: uuid.UUID, *, lock: bool = False) -> Volunteer | None:
        """With `lock`, the row stays locked until the transaction ends: racing writers queue."""
        query = sa.select(orm.volunteers).where(orm.volunteers.c.id == volunteer_id)
        row = (await self._session.execute(query.with_for_update() if lock else query)).first()
        if row is None:
            return None
        return await self._volunteer(row._mapping)

    async def save(self, volunteer: Volunteer) -> None:
        v = orm.volunteers
        result = await self._session.execute(
            sa.update(v)
            .where(v.c.id == volunteer.id, v.c.version == volunteer.version)
            .values(**{**mapping.row(volunteer), "version": volunteer.version + 1})
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            # Writers lock the row first, so this is a backstop, not the concurrency control.
            raise ConcurrentUpdate(volunteer.id)
        volunteer.version += 1
        await self._save_parts(volunteer)

    async def _save_parts(self, volunteer: Volunteer) -> None:
        vid = volunteer.id
        await self._put(orm.applicants, vid, mapping.applicant_row(volunteer.applicant))
        await self._put(orm.supervisors, vid, mapping.supervisor_row(volunteer.supervisor))
        if volunteer.dbs is not None:
            await self._upsert(orm.dbs_checks, {"volunteer_id": vid, **mapping.dbs_row(volunteer)})
        for ref in volunteer.references.values():
            await self._upsert(
                orm.references,
                {
                    "volunteer_id": vid,
                    "slot": ref.slot,
                    "requested_on": ref.requested_on,
                    "received_on": ref.received_on,
                    "satisfactory": ref.satisfactory,
                },
            )
        for seq, t in enumerate(volunteer.trainings, start=1):
            await self._upsert(
                orm.training_records,
                {
                    "volunteer_id": vid,
                    "seq": seq,
                    "course": t.course.value,
                    "started_on": t.started_on,
                    "sessions_attended": t.sessions_attended,
                    "completed_on": t.completed_on,
                    "valid_until": t.valid_until,
                },
            )

    async def _put(self, table: sa.Table, vid: uuid.UUID, values: dict[str, Any] | None) -> None:
        if values is None:
            await self._session.execute(sa.delete(table).where(table.c.volunteer_id == vid))
        else:
            await self._upsert(table, {"volunteer_id": vid, **values})

    async def _upsert(self, table: sa.Table, values: dict[str, Any]) -> None:
        keys = [c.name for c in table.primary_key.columns]
        await self._session.execute(
            insert(table)
            .values(**values)
            .on_conflict_do_update(
                index_elements=keys, set_={k: v for k, v in values.items() if k not in keys}
            )
        )

    async def _volunteer(self, m: Any) -> Volunteer:
        vid = m["id"]
        applicant = await self._one(orm.applicants, vid)
        supervisor = await self._one(orm.supervisors, vid)
        dbs = await self._one(orm.dbs_checks, vid)
        refs = await self._all(orm.references, vid, orm.references.c.slot)
        trainings = await self._all(orm.training_records, vid, orm.training_records.c.seq)
        return mapping.volunteer(m, applicant, supervisor, dbs, refs, trainings)

    async def _one(self, table: sa.Table, vid: uuid.UUID) -> Any:
        row = (
            await self._session.execute(sa.select(table).where(table.c.volunteer_id == vid))
        ).first()
        return row._mapping if row else None

    async def _all(self, table: sa.Table, vid: uuid.UUID, order: sa.Column[Any]) -> list[Any]:
        query = sa.select(table).where(table.c.volunteer_id == vid).order_by(order)
        return [r._mapping for r in await self._session.execute(query)]

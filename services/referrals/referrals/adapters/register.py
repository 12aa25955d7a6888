"""The practice register and its outreach log on one session."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from referrals.adapters import orm
from referrals.domain.model import Referrer
from referrals.domain.outreach import Outreach, OutreachKind
from referrals.domain.register import PracticeStatus

# One import at a time: a second waits, then sees the first one's practices.
REGISTER_LOCK = 0x7265_6769_7374_6572  # "register"


def practice_of(row: Any) -> Referrer:
    return Referrer(
        id=row.id,
        ods_code=row.ods_code,
        name=row.name,
        area=row.area,
        email=row.email,
        status=PracticeStatus(row.status),
        postcode=row.postcode,
        registered_at=row.registered_at,
    )


class SqlPracticeRegister:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def lock(self) -> None:
        await self._session.execute(sa.select(sa.func.pg_advisory_xact_lock(REGISTER_LOCK)))

    async def all(self) -> dict[str, Referrer]:
        rows = await self._session.execute(sa.select(orm.referrers))
        return {row.ods_code: practice_of(row) for row in rows}

    async def get(self, ods_code: str, *, for_update: bool = False) -> Referrer | None:
        t = orm.referrers
        query = sa.select(t).where(t.c.ods_code == ods_code)
        if for_update:
            query = query.with_for_update()
        row = (await self._session.execute(query)).first()
        return practice_of(row) if row else None

    async def save(self, practice: Referrer) -> None:
        """Insert or update by ODS code (the receipt email is left as it is)."""
        t = orm.referrers
        values = {
            "name": practice.name,
            "area": practice.area,
            "status": practice.status.value,
            "postcode": practice.postcode,
            "registered_at": practice.registered_at,
        }
        await self._session.execute(
            insert(t)
            .values(id=practice.id, ods_code=practice.ods_code, **values)
            .on_conflict_do_update(index_elements=[t.c.ods_code], set_=values)
        )

    async def set_email(self, ods_code: str, email: str | None) -> None:
        t = orm.referrers
        await self._session.execute(
            sa.update(t).where(t.c.ods_code == ods_code).values(email=email)
        )


class SqlOutreachLog:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, entry: Outreach) -> None:
        await self._session.execute(
            sa.insert(orm.practice_outreach).values(
                id=entry.id,
                ods_code=entry.ods_code,
                area=entry.area,
                kind=entry.kind.value,
                engaged_at=entry.engaged_at,
                note=entry.note,
                recorded_by=entry.recorded_by,
                recorded_at=entry.recorded_at,
            )
        )

    async def of_practice(self, ods_code: str) -> list[Outreach]:
        t = orm.practice_outreach
        rows = await self._session.execute(
            sa.select(t).where(t.c.ods_code == ods_code).order_by(t.c.engaged_at.desc(), t.c.id)
        )
        return [
            Outreach(
                id=uuid.UUID(str(row.id)),
                ods_code=row.ods_code,
                area=row.area,
                kind=OutreachKind(row.kind),
                engaged_at=row.engaged_at,
                note=row.note,
                recorded_by=row.recorded_by,
                recorded_at=row.recorded_at,
            )
            for row in rows
        ]

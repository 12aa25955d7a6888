"""Sessions on the calendar and the registers taken at them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from groups.adapters import orm
from groups.domain.attendance import Attendance
from groups.domain.sessions import Session, SessionStatus

S, A = orm.sessions, orm.attendance


class SqlSessionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_if_new(self, s: Session) -> bool:
        """False when the group already has a session for this slot of its schedule."""
        done = await self._session.execute(
            insert(S)
            .values(
                id=s.id,
                group_id=s.group_id,
                slot_at=s.slot_at,
                starts_at=s.starts_at,
                ends_at=s.ends_at,
                status=s.status.value,
            )
            .on_conflict_do_nothing(constraint="uq_sessions_group_slot")
            .returning(S.c.id)
        )
        return done.first() is not None

    async def get(self, session_id: uuid.UUID, *, lock: bool = False) -> Session | None:
        query = sa.select(S).where(S.c.id == session_id)
        row = (await self._session.execute(query.with_for_update() if lock else query)).first()
        return _session(row) if row else None

    async def save(self, s: Session) -> None:
        await self._session.execute(
            sa.update(S)
            .where(S.c.id == s.id)
            .values(
                starts_at=s.starts_at,
                ends_at=s.ends_at,
                status=s.status.value,
                cancel_reason=s.cancel_reason,
            )
        )

    async def of_group(self, group_id: uuid.UUID, after: datetime | None = None) -> list[Session]:
        query = sa.select(S).where(S.c.group_id == group_id).order_by(S.c.starts_at)
        if after is not None:
            query = query.where(S.c.starts_at >= after)
        return [_session(r) for r in await self._session.execute(query)]

    async def next_start(self, group_id: uuid.UUID, after: datetime) -> datetime | None:
        return await self._session.scalar(  # type: ignore[no-any-return]
            sa.select(sa.func.min(S.c.starts_at)).where(
                S.c.group_id == group_id,
                S.c.status == SessionStatus.SCHEDULED.value,
                S.c.starts_at >= after,
            )
        )

    async def record(
        self, session_id: uuid.UUID, referral_id: uuid.UUID, attendance: Attendance, at: datetime
    ) -> None:
        values = {"attendance": attendance.value, "recorded_at": at}
        await self._session.execute(
            insert(A)
            .values(session_id=session_id, referral_id=referral_id, **values)
            .on_conflict_do_update(index_elements=[A.c.session_id, A.c.referral_id], set_=values)
        )

    async def history(self, referral_id: uuid.UUID, up_to: datetime) -> list[Attendance]:
        """The member's register lines, oldest first, for sessions up to `up_to`."""
        rows = await self._session.execute(
            sa.select(A.c.attendance)
            .join(S, S.c.id == A.c.session_id)
            .where(A.c.referral_id == referral_id, S.c.starts_at <= up_to)
            .order_by(S.c.starts_at)
        )
        return [Attendance(r) for r in rows.scalars()]

    async def register(self, session_id: uuid.UUID) -> dict[uuid.UUID, Attendance]:
        rows = await self._session.execute(
            sa.select(A.c.referral_id, A.c.attendance).where(A.c.session_id == session_id)
        )
        return {r.referral_id: Attendance(r.attendance) for r in rows}


def _session(row: Any) -> Session:
    return Session(
        id=row.id,
        group_id=row.group_id,
        slot_at=row.slot_at,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        status=SessionStatus(row.status),
        cancel_reason=row.cancel_reason,
    )

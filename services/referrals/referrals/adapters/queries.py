"""Read-side queries: the coordinators' worklist and the referrer counts."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from referrals.adapters import orm
from referrals.adapters.register import practice_of
from referrals.adapters.rows import duplicates_of, referral_of
from referrals.domain.journey import OPEN
from referrals.domain.queries import ReferrerCount, WorklistPage, WorklistQuery


class SqlReferralQueries:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def worklist(self, q: WorklistQuery) -> WorklistPage:
        r, p, f = orm.referrals, orm.people, orm.referrers
        where = _conditions(q)
        total = await self._session.scalar(
            sa.select(sa.func.count())
            .select_from(r.outerjoin(f, f.c.id == r.c.referrer_id))
            .where(*where)
        )
        order = r.c.received_at.asc() if q.longest_waiting_first else r.c.received_at.desc()
        rows = await self._session.execute(
            sa.select(r, p, f, duplicates_of(r))
            .outerjoin(p, p.c.id == r.c.person_id)
            .outerjoin(f, f.c.id == r.c.referrer_id)
            .where(*where)
            .order_by(order, r.c.id)
            .limit(q.limit)
            .offset(q.offset)
        )
        return WorklistPage([referral_of(row._mapping) for row in rows], int(total or 0))

    async def referrer_counts(
        self, areas: tuple[str, ...] | None, start: datetime, end: datetime
    ) -> list[ReferrerCount]:
        """Every known practice with its referrals in [start, end), none left out for zero."""
        r, f = orm.referrals, orm.referrers
        in_period = sa.and_(
            r.c.referrer_id == f.c.id, r.c.received_at >= start, r.c.received_at < end
        )
        count = sa.func.count(r.c.id).label("referrals")
        query = (
            sa.select(f, count)
            .outerjoin(r, in_period)
            .group_by(f.c.id)
            .order_by(count.desc(), f.c.ods_code)
        )
        if areas is not None:
            query = query.where(f.c.area.in_(areas))
        rows = await self._session.execute(query)
        return [ReferrerCount(practice_of(row), row.referrals) for row in rows]


def _conditions(q: WorklistQuery) -> list[sa.ColumnElement[bool]]:
    r, f = orm.referrals.c, orm.referrers.c
    where: list[sa.ColumnElement[bool]] = []
    if q.areas is not None:
        where.append(r.area.in_(q.areas))
    if q.status is not None:
        where.append(r.status == q.status.value)
    if q.source is not None:
        where.append(r.source == q.source.value)
    if q.ods_code is not None:
        where.append(f.ods_code == q.ods_code)
    if q.received_from is not None:
        where.append(r.received_at >= q.received_from)
    if q.received_before is not None:
        where.append(r.received_at < q.received_before)
    if q.overdue is not None and q.overdue_before is not None:
        overdue = sa.and_(
            r.contacted_at.is_(None),
            r.status.in_([s.value for s in OPEN]),
            r.received_at < q.overdue_before,
        )
        where.append(overdue if q.overdue else sa.not_(overdue))
    return where

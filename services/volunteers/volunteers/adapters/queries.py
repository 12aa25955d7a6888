"""Read-side queries: the coordinators' worklist, statistics, and the sweep's candidates."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from volunteers.adapters import orm
from volunteers.domain.checks import CheckStatus
from volunteers.domain.stages import Stage
from volunteers.domain.views import ListFilter, Page, Stats, VolunteerSummary

v, a, d = orm.volunteers, orm.applicants, orm.dbs_checks


class SqlVolunteerQueries:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def page(self, f: ListFilter) -> Page:
        where = _conditions(f)
        total = await self._session.scalar(
            sa.select(sa.func.count()).select_from(v.outerjoin(d)).where(*where)
        )
        rows = await self._session.execute(
            sa.select(v, a.c.given_name, a.c.family_name, d.c.status, d.c.renewal_due)
            .select_from(v.outerjoin(a).outerjoin(d))
            .where(*where)
            .order_by(v.c.stage_entered_at, v.c.id)
            .limit(f.limit)
            .offset(f.offset)
        )
        return Page([_summary(r._mapping) for r in rows], int(total or 0))

    async def stats(self, areas: tuple[str, ...] | None) -> Stats:
        scope = [v.c.area.in_(areas)] if areas is not None else []
        stages = await self._session.execute(
            sa.select(v.c.stage, sa.func.count()).where(*scope).group_by(v.c.stage)
        )
        reasons = await self._session.execute(
            sa.select(v.c.left_reason, sa.func.count())
            .where(*scope, v.c.left_reason.is_not(None))
            .group_by(v.c.left_reason)
        )
        return Stats(
            by_stage={s.value: 0 for s in Stage} | {s: int(n) for s, n in stages},
            leaving_reasons={r: int(n) for r, n in reasons},
        )

    async def due_for_sweep(self, today: date, horizon: date, limit: int) -> list[uuid.UUID]:
        """Volunteers owed a reminder or an expiry notice, locked; busy rows are skipped.

        The same conditions as `ExpiryWatch.due`: once a notice is recorded the row no
        longer matches, so a sweep ends and a second replica finds nothing left to do.
        """
        query = (
            sa.select(v.c.id)
            .select_from(v.outerjoin(d))
            .where(
                v.c.stage != Stage.LEFT.value,
                sa.or_(
                    _owed(
                        v.c.training_valid_until,
                        v.c.training_reminded_for,
                        v.c.training_expired_for,
                        today,
                        horizon,
                    ),
                    _owed(d.c.renewal_due, d.c.reminded_for, d.c.expired_for, today, horizon),
                ),
            )
            .order_by(v.c.id)
            .limit(limit)
            .with_for_update(of=v, skip_locked=True)
        )
        return list((await self._session.scalars(query)).all())


def _owed(
    expires: Any, reminded: Any, expired: Any, today: date, horizon: date
) -> sa.ColumnElement[bool]:
    return sa.and_(
        expires.is_not(None),
        expired.is_distinct_from(expires),
        sa.or_(expires <= today, sa.and_(expires <= horizon, reminded.is_distinct_from(expires))),
    )


def _conditions(f: ListFilter) -> list[sa.ColumnElement[bool]]:
    where: list[sa.ColumnElement[bool]] = []
    if f.areas is not None:
        where.append(v.c.area.in_(f.areas))
    if f.stage is not None:
        where.append(v.c.stage == f.stage.value)
    if f.overdue is not None:
        windows = [
            sa.and_(
                v.c.stage == w.stage.value,
                v.c.stage_entered_at < w.entered_before,
                sa.true() if w.entered_after is None else v.c.stage_entered_at >= w.entered_after,
            )
            for w in f.overdue_windows
        ]
        where.append(sa.or_(sa.false(), *windows))
    if f.expiring_from is not None and f.expiring_by is not None:
        where.append(v.c.stage != Stage.LEFT.value)
        where.append(
            sa.or_(
                v.c.training_valid_until.between(f.expiring_from, f.expiring_by),
                d.c.renewal_due.between(f.expiring_from, f.expiring_by),
            )
        )
    return where


def _summary(m: Any) -> VolunteerSummary:
    return VolunteerSummary(
        id=m["id"],
        area=m["area"],
        stage=Stage(m["stage"]),
        stage_entered_at=m["stage_entered_at"],
        applied_at=m["applied_at"],
        given_name=m["given_name"],
        family_name=m["family_name"],
        training_valid_until=m["training_valid_until"],
        dbs_status=CheckStatus(m["status"]) if m["status"] else None,
        dbs_renewal_due=m["renewal_due"],
    )

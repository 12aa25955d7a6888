"""The `AreaReports` port over the durable read models: a commissioner's figures for an area.

Referrals are a cohort: those received in the period (inclusive of its last day, UTC),
followed to wherever they got. The waiting list, volunteers and groups stand as they were
at the end of the period, as far as the times the projections keep allow (a group's free
places are its latest).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from ops.adapters import projection_tables as t
from ops.adapters.area_report_standing import groups_at, volunteers_at, waiting_at
from ops.domain.area_report import (
    AreaReport,
    AttendanceSummary,
    FirstContactSummary,
    FunnelStep,
    LabelledCount,
    PracticeCount,
    WeekCount,
)
from ops.domain.funnel import stage_counts
from ops.domain.journey import STAGE_COLUMNS

j = t.journeys


def _start(day: date) -> datetime:
    return datetime.combine(day, time(), UTC)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


class SqlAreaReports:
    def __init__(self, engine: AsyncEngine, *, target_hours: float = 48.0) -> None:
        self._engine, self._target_hours = engine, target_hours

    async def area_report(self, area: str, period_from: date, period_to: date) -> AreaReport:
        start, end = _start(period_from), _start(period_to + timedelta(days=1))
        cohort = sa.and_(j.c.area == area, j.c.received_at >= start, j.c.received_at < end)
        async with self._engine.connect() as conn:
            stages = (
                (
                    await conn.execute(
                        sa.select(
                            *[sa.func.count(j.c[c]).label(s) for s, c in STAGE_COLUMNS.items()]
                        ).where(cohort)
                    )
                )
                .mappings()
                .one()
            )
            return AreaReport(
                area=area,
                period_from=period_from,
                period_to=period_to,
                generated_at=datetime.now(UTC),
                referrals_received=stages["received"],
                referrals_by_source=await _by_source(conn, cohort),
                referrals_by_practice=await _by_practice(conn, cohort),
                referrals_per_week=await _per_week(conn, cohort, period_from, period_to),
                funnel=tuple(
                    FunnelStep(c.stage, c.count, c.conversion) for c in stage_counts(dict(stages))
                ),
                first_contact=await self._first_contact(conn, cohort),
                waiting_list=await waiting_at(conn, area, end),
                attendance=await _attendance(conn, area, start, end),
                volunteers=await volunteers_at(conn, area, end),
                groups=await groups_at(conn, area, end),
            )

    async def _first_contact(
        self, conn: AsyncConnection, cohort: sa.ColumnElement[bool]
    ) -> FirstContactSummary:
        contacted, median_s, within = (
            await conn.execute(
                sa.select(
                    sa.func.count(j.c.within_target),
                    sa.func.percentile_cont(0.5).within_group(j.c.seconds_to_first_contact),
                    sa.func.count().filter(j.c.within_target.is_(True)),
                ).where(cohort)
            )
        ).one()
        return FirstContactSummary(
            contacted=contacted,
            median_hours=None if median_s is None else round(median_s / 3600, 2),
            target_hours=self._target_hours,
            within_target=within,
            share_within_target=_share(within, contacted),
        )


async def _by_source(
    conn: AsyncConnection, cohort: sa.ColumnElement[bool]
) -> tuple[LabelledCount, ...]:
    source = sa.func.coalesce(j.c.source, "unknown")
    rows = await conn.execute(
        sa.select(source, sa.func.count()).where(cohort).group_by(source).order_by(source)
    )
    return tuple(LabelledCount(s, n) for s, n in rows)


async def _by_practice(
    conn: AsyncConnection, cohort: sa.ColumnElement[bool]
) -> tuple[PracticeCount, ...]:
    p = t.practices
    query = (
        sa.select(j.c.ods_code, sa.func.max(p.c.name), sa.func.count())
        .select_from(j.outerjoin(p, p.c.ods_code == j.c.ods_code))
        .where(cohort, j.c.ods_code.is_not(None))
        .group_by(j.c.ods_code)
        .order_by(sa.func.count().desc(), j.c.ods_code)
    )
    return tuple(PracticeCount(code, name, n) for code, name, n in await conn.execute(query))


async def _per_week(
    conn: AsyncConnection, cohort: sa.ColumnElement[bool], first: date, last: date
) -> tuple[WeekCount, ...]:
    week = sa.func.date_trunc("week", sa.func.timezone("UTC", j.c.received_at))
    counts = {
        w.date(): n
        for w, n in await conn.execute(
            sa.select(week, sa.func.count()).where(cohort).group_by(week)
        )
    }
    monday = first - timedelta(days=first.weekday())
    weeks = []
    while monday <= last:
        weeks.append(WeekCount(monday, counts.get(monday, 0)))
        monday += timedelta(days=7)
    return tuple(weeks)


async def _attendance(
    conn: AsyncConnection, area: str, start: datetime, end: datetime
) -> AttendanceSummary:
    s = t.session_attendance
    sessions, present, lines = (
        await conn.execute(
            sa.select(
                sa.func.count(),
                sa.func.coalesce(sa.func.sum(s.c.present), 0),
                sa.func.coalesce(sa.func.sum(s.c.lines), 0),
            ).where(s.c.area == area, s.c.day >= start.date(), s.c.day < end.date())
        )
    ).one()
    regular = await conn.scalar(
        sa.select(sa.func.count()).where(
            j.c.area == area, j.c.regular_at >= start, j.c.regular_at < end
        )
    )
    return AttendanceSummary(sessions, int(present), _share(int(present), int(lines)), regular or 0)

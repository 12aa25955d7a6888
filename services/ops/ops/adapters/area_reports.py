"""The `AreaReports` port over the durable read models: a commissioner's figures for an area.

Referrals are a cohort: those received in the period (inclusive of its last day, UTC),
followed to wherever they got. The waiting list, volunteers and groups stand as they were
at the end of the period, as far as the times the projections keep allow (a group's free
places are its latest).
"""

from __future__ import annotations

import statistics
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from ops.adapters import projection_tables as t
from ops.domain.area_report import (
    AreaReport,
    AttendanceSummary,
    FirstContactSummary,
    FunnelStep,
    GroupsSummary,
    LabelledCount,
    PracticeCount,
    WaitingListSummary,
    WeekCount,
)
from ops.domain.funnel import stage_counts
from ops.domain.journey import STAGE_COLUMNS
from ops.domain.volunteers import TIME_OF

j = t.journeys
VOLUNTEER_STEPS = {
    "applied": "applied_at",
    "screened": "screened_at",
    "trained": "trained_at",
    "assigned": "assigned_at",
    "paused": "paused_at",
    "left": "left_at",
}
assert set(VOLUNTEER_STEPS.values()) <= set(TIME_OF.values())


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
                waiting_list=await _waiting(conn, area, end),
                attendance=await _attendance(conn, area, start, end),
                volunteers=await _volunteers(conn, area, end),
                groups=await _groups(conn, area, end),
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


async def _waiting(conn: AsyncConnection, area: str, end: datetime) -> WaitingListSummary:
    query = sa.select(j.c.waitlisted_at).where(
        j.c.area == area,
        j.c.waitlisted_at < end,
        sa.or_(j.c.left_waitlist_at.is_(None), j.c.left_waitlist_at >= end),
    )
    days = [(end - since).total_seconds() / 86_400 for (since,) in await conn.execute(query)]
    return WaitingListSummary(
        waiting_at_end=len(days),
        median_days_waited=round(statistics.median(days), 1) if days else None,
        longest_days_waited=round(max(days), 1) if days else None,
    )


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


async def _volunteers(conn: AsyncConnection, area: str, end: datetime) -> tuple[LabelledCount, ...]:
    v = t.volunteer_states
    counts = [
        sa.func.count(v.c[c]).filter(v.c[c] < end).label(s) for s, c in VOLUNTEER_STEPS.items()
    ]
    row = (await conn.execute(sa.select(*counts).where(v.c.area == area))).mappings().one()
    return tuple(LabelledCount(stage, row[stage]) for stage in VOLUNTEER_STEPS)


async def _groups(conn: AsyncConnection, area: str, end: datetime) -> GroupsSummary:
    g = t.group_states
    running = sa.and_(
        g.c.area == area,
        g.c.described,
        g.c.opened_at < end,
        sa.or_(g.c.closed_at.is_(None), g.c.closed_at >= end),
    )
    groups, places, free = (
        await conn.execute(
            sa.select(
                sa.func.count(),
                sa.func.coalesce(sa.func.sum(g.c.capacity), 0),
                sa.func.coalesce(sa.func.sum(sa.func.greatest(g.c.free_places, 0)), 0),
            ).where(running)
        )
    ).one()
    return GroupsSummary(groups, int(places), int(places) - int(free), int(free))

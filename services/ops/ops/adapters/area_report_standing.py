"""What an area's report shows as it stood at the end of the period: waiting list, volunteers
by pipeline stage, and the groups running then with their places (a group's are its latest).
"""

from __future__ import annotations

import statistics
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from ops.adapters import projection_tables as t
from ops.domain.area_report import GroupsSummary, LabelledCount, WaitingListSummary
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


async def waiting_at(conn: AsyncConnection, area: str, end: datetime) -> WaitingListSummary:
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


async def volunteers_at(
    conn: AsyncConnection, area: str, end: datetime
) -> tuple[LabelledCount, ...]:
    v = t.volunteer_states
    counts = [
        sa.func.count(v.c[c]).filter(v.c[c] < end).label(s) for s, c in VOLUNTEER_STEPS.items()
    ]
    row = (await conn.execute(sa.select(*counts).where(v.c.area == area))).mappings().one()
    return tuple(LabelledCount(stage, row[stage]) for stage in VOLUNTEER_STEPS)


async def groups_at(conn: AsyncConnection, area: str, end: datetime) -> GroupsSummary:
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

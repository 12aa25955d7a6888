"""Practice engagement over the durable read models: who refers, who lapsed, who never did."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from ops.adapters import projection_tables as t
from ops.domain.practices import (
    OUTREACH_WINDOW,
    EngagementStatus,
    MonthCount,
    OutreachEffect,
    PracticeEngagement,
    PracticeSummary,
    engagement_status,
)
from t2t_shared.kernel.clock import Clock, utc_now

j, p, e = t.journeys, t.practices, t.practice_engagements


def _summaries() -> sa.Select[tuple[object, ...]]:
    referred = sa.and_(j.c.ods_code == p.c.ods_code, j.c.received_at.is_not(None))
    return (
        sa.select(
            p.c.ods_code,
            p.c.name,
            p.c.area,
            p.c.status,
            sa.func.count(j.c.received_at).label("referrals"),
            sa.func.max(j.c.received_at).label("last_referral_at"),
        )
        .select_from(p.outerjoin(j, referred))
        .group_by(p.c.ods_code)
        .order_by(p.c.ods_code)
    )


class SqlPractices:
    def __init__(self, engine: AsyncEngine, *, clock: Clock = utc_now) -> None:
        self._engine, self._clock = engine, clock

    async def practices(
        self, *, area: str | None, status: EngagementStatus | None
    ) -> list[PracticeSummary]:
        query = _summaries() if area is None else _summaries().where(p.c.area == area)
        async with self._engine.connect() as conn:
            found = [self._summary(row) for row in (await conn.execute(query)).mappings()]
        return [s for s in found if status is None or s.status == status]

    async def practice(self, ods_code: str) -> PracticeEngagement | None:
        async with self._engine.connect() as conn:
            row = (await conn.execute(_summaries().where(p.c.ods_code == ods_code))).mappings()
            found = row.one_or_none()
            if found is None:
                return None
            summary = self._summary(found)
            mine = j.c.ods_code == ods_code
            joined, median_s = (
                await conn.execute(
                    sa.select(
                        sa.func.count(j.c.joined_at),
                        sa.func.percentile_cont(0.5).within_group(j.c.seconds_to_first_contact),
                    ).where(mine, j.c.received_at.is_not(None))
                )
            ).one()
            referrals = summary.referrals
            return PracticeEngagement(
                summary=summary,
                postcode_district=await conn.scalar(
                    sa.select(p.c.postcode_district).where(p.c.ods_code == ods_code)
                ),
                referrals_by_month=await _by_month(conn, ods_code),
                joined=joined,
                conversion_to_joined=round(joined / referrals, 4) if referrals else None,
                median_hours_to_first_contact=None
                if median_s is None
                else round(median_s / 3600, 2),
                outreach=await _outreach(conn, ods_code),
            )

    def _summary(self, row: sa.RowMapping) -> PracticeSummary:
        last: datetime | None = row["last_referral_at"]
        return PracticeSummary(
            ods_code=row["ods_code"],
            name=row["name"],
            area=row["area"],
            register_status=row["status"],
            status=engagement_status(last, self._clock()),
            referrals=row["referrals"],
            last_referral_at=last,
        )


async def _by_month(conn: AsyncConnection, ods_code: str) -> tuple[MonthCount, ...]:
    month = sa.func.to_char(sa.func.timezone("UTC", j.c.received_at), "YYYY-MM")
    query = (
        sa.select(month, sa.func.count())
        .where(j.c.ods_code == ods_code, j.c.received_at.is_not(None))
        .group_by(month)
        .order_by(month)
    )
    return tuple(MonthCount(m, n) for m, n in await conn.execute(query))


async def _outreach(conn: AsyncConnection, ods_code: str) -> tuple[OutreachEffect, ...]:
    def window(
        low: sa.ColumnElement[datetime], high: sa.ColumnElement[datetime]
    ) -> sa.ColumnElement[int]:
        inside = sa.and_(j.c.received_at >= low, j.c.received_at < high)
        return sa.func.count(j.c.received_at).filter(inside)

    span = sa.literal(OUTREACH_WINDOW)
    query = (
        sa.select(
            e.c.outreach_id,
            e.c.kind,
            e.c.engaged_at,
            window(e.c.engaged_at - span, e.c.engaged_at).label("before"),
            window(e.c.engaged_at, e.c.engaged_at + span).label("after"),
        )
        .select_from(e.outerjoin(j, j.c.ods_code == e.c.ods_code))
        .where(e.c.ods_code == ods_code)
        .group_by(e.c.outreach_id)
        .order_by(e.c.engaged_at)
    )
    rows = await conn.execute(query)
    return tuple(OutreachEffect(o, k, at, before, after) for o, k, at, before, after in rows)

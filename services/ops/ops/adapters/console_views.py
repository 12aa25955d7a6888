"""The console's figures, queried from the durable read models."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from ops.adapters import projection_tables as t
from ops.domain.capacity import AreaCapacity, GroupState, area_capacity
from ops.domain.funnel import ALL_SOURCES, FirstContact, FunnelReport, FunnelRow, stage_counts
from ops.domain.journey import STAGE_COLUMNS
from ops.domain.notifications import FOLLOW_UP_REASONS, ChannelCounts
from ops.domain.providers import ProviderState
from ops.domain.volunteers import VOLUNTEER_STAGES, VolunteerReport

j = t.journeys


def _area(column: sa.ColumnElement[str | None], area: str | None) -> sa.ColumnElement[bool]:
    return sa.true() if area is None else column == area


class SqlConsoleViews:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def funnel(self, *, area: str | None, since: datetime | None) -> FunnelReport:
        source = sa.func.coalesce(j.c.source, "unknown").label("source")
        stages = [sa.func.count(j.c[c]).label(s) for s, c in STAGE_COLUMNS.items()]
        chosen = _area(j.c.area, area)
        if since is not None:
            chosen = sa.and_(chosen, j.c.received_at >= since)
        contact = sa.select(
            sa.func.count(j.c.within_target),
            sa.func.percentile_cont(0.5).within_group(j.c.seconds_to_first_contact),
            sa.func.count().filter(j.c.within_target.is_(True)),
        ).where(chosen)
        async with self._engine.connect() as conn:
            by_source = (
                (await conn.execute(sa.select(source, *stages).where(chosen).group_by(source)))
                .mappings()
                .all()
            )
            contacted, median, within = (await conn.execute(contact)).one()
        total = {s: sum(r[s] for r in by_source) for s in STAGE_COLUMNS}
        rows = [FunnelRow(ALL_SOURCES, stage_counts(total))]
        rows += [
            FunnelRow(r["source"], stage_counts(r))
            for r in sorted(by_source, key=lambda r: r["source"])
        ]
        first = FirstContact(
            contacted=contacted,
            median_seconds=median,
            within_target=within,
            within_target_share=round(within / contacted, 4) if contacted else None,
        )
        return FunnelReport(area, since, rows, first)

    async def capacity(self, area: str | None) -> list[AreaCapacity]:
        g = t.group_states
        waiting_q = (
            sa.select(j.c.area, sa.func.count())
            .where(j.c.waitlisted_at.is_not(None), j.c.left_waitlist_at.is_(None))
            .where(_area(j.c.area, area))
            .group_by(j.c.area)
        )
        groups_q = sa.select(g).where(g.c.described, _area(g.c.area, area))
        async with self._engine.connect() as conn:
            waiting = {a: n for a, n in await conn.execute(waiting_q)}
            rows = (await conn.execute(groups_q)).mappings().all()
        groups = [GroupState(**{k: v for k, v in r.items() if k != "group_id"}) for r in rows]
        names = sorted({a for a in [*waiting, *(g.area for g in groups)] if a is not None})
        return [area_capacity(n, groups, waiting.get(n, 0)) for n in names]

    async def volunteers(self, area: str | None) -> VolunteerReport:
        v = t.volunteer_states
        stages = [
            sa.func.count().filter(v.c.furthest >= i).label(s)
            for i, s in enumerate(VOLUNTEER_STAGES)
        ]
        chosen = _area(v.c.area, area)
        leavers_q = (
            sa.select(v.c.left_reason, sa.func.count())
            .where(chosen, v.c.left_reason.is_not(None))
            .group_by(v.c.left_reason)
        )
        async with self._engine.connect() as conn:
            counts = (await conn.execute(sa.select(*stages).where(chosen))).mappings().one()
            leavers = {r: n for r, n in await conn.execute(leavers_q)}
        return VolunteerReport(area, dict(counts), dict(sorted(leavers.items())))

    async def notifications(self, area: str | None) -> list[ChannelCounts]:
        n = t.notification_outcomes
        chosen = _area(n.c.area, area)
        outcomes_q = (
            sa.select(n.c.channel, n.c.outcome, sa.func.count())
            .where(chosen)
            .group_by(n.c.channel, n.c.outcome)
        )
        reasons_q = (
            sa.select(n.c.channel, n.c.reason, sa.func.count())
            .where(chosen, n.c.outcome == "failed")
            .group_by(n.c.channel, n.c.reason)
            .order_by(n.c.reason)
        )
        async with self._engine.connect() as conn:
            counts = {(c, o): k for c, o, k in await conn.execute(outcomes_q)}
            reasons = list(await conn.execute(reasons_q))
        return [
            ChannelCounts(
                channel,
                counts.get((channel, "sent"), 0),
                counts.get((channel, "delivered"), 0),
                counts.get((channel, "failed"), 0),
                {r: k for c, r, k in reasons if c == channel},
            )
            for channel in sorted({c for c, _ in counts})
        ]

    async def follow_up(self) -> dict[str, int]:
        n = t.notification_outcomes
        query = (
            sa.select(n.c.reason, sa.func.count())
            .where(n.c.outcome == "failed", n.c.reason.in_(FOLLOW_UP_REASONS))
            .group_by(n.c.reason)
        )
        async with self._engine.connect() as conn:
            found = {r: k for r, k in await conn.execute(query)}
        return {reason: found.get(reason, 0) for reason in FOLLOW_UP_REASONS}

    async def providers(self) -> list[ProviderState]:
        async with self._engine.connect() as conn:
            rows = (await conn.execute(sa.select(t.provider_states))).mappings().all()
        states = [ProviderState(**r) for r in rows]
        return sorted(states, key=lambda s: (not s.paused, s.provider))

    async def events_by_type(self) -> dict[str, int]:
        c = t.event_counts
        async with self._engine.connect() as conn:
            return {
                k: n
                for k, n in await conn.execute(sa.select(c.c.type, c.c.count).order_by(c.c.type))
            }

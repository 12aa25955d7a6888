"""Loads and saves groups, their facilitators and the places taken in them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import aggregate_order_by, insert
from sqlalchemy.ext.asyncio import AsyncSession

from groups.adapters import orm
from groups.domain.model import Format, Group, GroupStatus, Venue
from groups.domain.schedule import Schedule

G = orm.groups


class SqlGroupRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, group: Group) -> None:
        await self._session.execute(sa.insert(G).values(id=group.id, **_columns(group)))

    async def save(self, group: Group) -> None:
        await self._session.execute(
            sa.update(G).where(G.c.id == group.id).values(**_columns(group))
        )

    async def flag_lapsed(self, group_id: uuid.UUID, lapsed: bool) -> None:
        await self._session.execute(
            sa.update(G).where(G.c.id == group_id).values(facilitator_lapsed=lapsed)
        )

    async def get(self, group_id: uuid.UUID) -> Group | None:
        found = await self._load(G.c.id == group_id)
        return found[0] if found else None

    async def lock(self, group_id: uuid.UUID) -> Group | None:
        """The group, its row locked until the transaction ends (or its savepoint is undone).

        Everything that takes or frees a place in a group holds this lock, so two placements
        cannot both take its last place. The counts are read by a second statement: under
        READ COMMITTED a statement sees the data of when it began, and this one may have
        waited for the lock. NO KEY UPDATE, so rows that merely refer to the group (a
        session, a placement's group id) are not held up by it.
        """
        found = await self.lock_many([group_id])
        return found[0] if found else None

    async def lock_many(self, group_ids: Sequence[uuid.UUID]) -> list[Group]:
        """Several groups locked as `lock` does, in id order so two movers never deadlock."""
        await self._session.execute(
            sa.select(G.c.id)
            .where(G.c.id.in_(group_ids))
            .order_by(G.c.id)
            .with_for_update(key_share=True)
        )
        return await self._load(G.c.id.in_(group_ids))

    async def share_area(self, area: str) -> list[Group]:
        """Every group of an area, share-locked in id order, with counts read after.

        Taken by a person about to join the waiting list: while it is held no place in the
        area can free (freeing takes `lock`), and once the person is on the list any place
        that frees later goes to the list's head. Shares do not block each other, so people
        joining the list do not take turns.
        """
        await self._session.execute(
            sa.select(G.c.id).where(G.c.area == area).order_by(G.c.id).with_for_update(read=True)
        )
        return await self._load(G.c.area == area)

    async def lock_area(self, area: str) -> list[Group]:
        """Every group of an area, locked as `lock` does, in id order: for closing a group,
        whose people holding offers are placed again in the others."""
        await self._session.execute(
            sa.select(G.c.id)
            .where(G.c.area == area)
            .order_by(G.c.id)
            .with_for_update(key_share=True)
        )
        return await self._load(G.c.area == area)

    async def in_areas(self, areas: Sequence[str] | None) -> list[Group]:
        """Groups of the given areas (every area for None), by area and name."""
        return await self._load(G.c.area.in_(areas) if areas is not None else sa.true())

    async def led_by(self, volunteer_id: uuid.UUID) -> list[Group]:
        """Groups (not closed) this volunteer is assigned to."""
        gf = orm.group_facilitators
        led = sa.select(gf.c.group_id).where(gf.c.volunteer_id == volunteer_id)
        return await self._load(G.c.id.in_(led) & (G.c.status != GroupStatus.CLOSED.value))

    async def taking_people(self) -> list[Group]:
        return await self._load(G.c.status.in_([GroupStatus.OPEN.value, GroupStatus.FULL.value]))

    async def assign(self, group_id: uuid.UUID, volunteer_id: uuid.UUID, at: datetime) -> bool:
        """False when the volunteer was already assigned."""
        gf = orm.group_facilitators
        done = await self._session.execute(
            insert(gf)
            .values(group_id=group_id, volunteer_id=volunteer_id, assigned_at=at)
            .on_conflict_do_nothing()
            .returning(gf.c.group_id)
        )
        return done.first() is not None

    async def _load(self, where: Any) -> list[Group]:
        """Groups with their places counted and their facilitators, in one statement."""
        p, gf = orm.placements, orm.group_facilitators

        def holding(status: str) -> Any:
            return (
                sa.select(sa.func.count())
                .where(p.c.group_id == G.c.id, p.c.status == status)
                .scalar_subquery()
            )

        leaders = (
            sa.select(sa.func.array_agg(aggregate_order_by(gf.c.volunteer_id, gf.c.assigned_at)))
            .where(gf.c.group_id == G.c.id)
            .scalar_subquery()
        )
        rows = await self._session.execute(
            sa.select(
                G,
                holding("member").label("members"),
                holding("offered").label("offers"),
                leaders.label("leaders"),
            )
            .where(where)
            .order_by(G.c.area, G.c.name)
        )
        return [_group(r, (r.members, r.offers), list(r.leaders or [])) for r in rows]


def _columns(group: Group) -> dict[str, Any]:
    v = group.venue
    return {
        "name": group.name,
        "area": group.area,
        "format": group.format.value,
        "venue_name": v.name if v else None,
        "venue_address": v.address if v else None,
        "venue_postcode": v.postcode if v else None,
        "accessibility_notes": v.accessibility_notes if v else None,
        "joining_link": group.joining_link,
        "schedule": group.schedule.as_dict(),
        "capacity": group.capacity,
        "status": group.status.value,
        "facilitator_lapsed": group.facilitator_lapsed,
        "created_at": group.created_at,
        "closed_at": group.closed_at,
        "close_reason": group.close_reason,
    }


def _group(row: Any, counts: tuple[int, int], leaders: list[uuid.UUID]) -> Group:
    venue = (
        Venue(row.venue_name, row.venue_address, row.venue_postcode, row.accessibility_notes)
        if row.venue_name
        else None
    )
    return Group(
        id=row.id,
        name=row.name,
        area=row.area,
        format=Format(row.format),
        schedule=Schedule.from_dict(row.schedule),
        capacity=row.capacity,
        created_at=row.created_at,
        venue=venue,
        joining_link=row.joining_link,
        status=GroupStatus(row.status),
        facilitator_lapsed=row.facilitator_lapsed,
        closed_at=row.closed_at,
        close_reason=row.close_reason,
        members=counts[0],
        offers=counts[1],
        facilitator_ids=leaders,
    )

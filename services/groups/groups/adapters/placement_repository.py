"""Loads and saves placements: the waiting lists, offers and memberships."""

from __future__ import annotations

import uuid
from dataclasses import fields
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from groups.adapters import orm
from groups.domain.model import Format
from groups.domain.placement import LeaveReason, Placement, PlacementStatus

P = orm.placements
WAITING = PlacementStatus.WAITING.value
# The stored fields: what happened since loading (`events`) is published, not stored.
COLUMNS = [f.name for f in fields(Placement) if f.name in P.c]


class SqlPlacementRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, placement: Placement) -> bool:
        """False when the referral has a placement already (another event placed it)."""
        added = await self._session.execute(
            insert(P)
            .values(**_columns(placement))
            .on_conflict_do_nothing()
            .returning(P.c.referral_id)
        )
        return added.first() is not None

    async def save(self, placement: Placement) -> None:
        values = _columns(placement)
        del values["referral_id"]
        await self._session.execute(
            sa.update(P).where(P.c.referral_id == placement.referral_id).values(**values)
        )

    async def get(self, referral_id: uuid.UUID) -> Placement | None:
        row = (
            await self._session.execute(sa.select(P).where(P.c.referral_id == referral_id))
        ).first()
        return _placement(row) if row else None

    async def claim_waiting(self, referral_id: uuid.UUID) -> Placement | None:
        """The placement, row-locked, if it is still waiting; None once it is not.

        Two places freeing in two groups at once both see the same head of the list: the
        lock lets one offer it a place, and the other then sees it is no longer waiting.
        """
        row = (
            await self._session.execute(
                sa.select(P)
                .where(P.c.referral_id == referral_id, P.c.status == WAITING)
                .with_for_update(key_share=True)
            )
        ).first()
        return _placement(row) if row else None

    async def waiting(self, area: str) -> list[Placement]:
        """The area's waiting list, first referred first."""
        rows = await self._session.execute(
            sa.select(P)
            .where(P.c.area == area, P.c.status == WAITING)
            .order_by(P.c.received_at, sa.cast(P.c.referral_id, sa.Text))
        )
        return [_placement(r) for r in rows]

    async def next_waiting(self, area: str, format_: Format) -> Placement | None:
        """The first on the list who takes a place in a group of this format."""
        row = (
            await self._session.execute(
                sa.select(P)
                .where(
                    P.c.area == area,
                    P.c.status == WAITING,
                    sa.or_(P.c.format_preference.is_(None), P.c.format_preference == format_.value),
                )
                .order_by(P.c.received_at, sa.cast(P.c.referral_id, sa.Text))
                .limit(1)
            )
        ).first()
        return _placement(row) if row else None

    async def position(self, placement: Placement) -> int:
        """1 for the head of the list."""
        ahead = await self._session.scalar(
            sa.select(sa.func.count()).where(
                P.c.area == placement.area,
                P.c.status == WAITING,
                sa.tuple_(P.c.received_at, sa.cast(P.c.referral_id, sa.Text))
                < sa.tuple_(
                    sa.literal(placement.received_at), sa.literal(str(placement.referral_id))
                ),
            )
        )
        return int(ahead or 0) + 1

    async def in_group(self, group_id: uuid.UUID, status: PlacementStatus) -> list[Placement]:
        rows = await self._session.execute(
            sa.select(P).where(P.c.group_id == group_id, P.c.status == status.value)
        )
        return [_placement(r) for r in rows]

    async def offers_due(self, now: datetime, limit: int) -> list[tuple[uuid.UUID, str]]:
        """(referral id, area) of offers past their expiry, oldest first."""
        rows = await self._session.execute(
            sa.select(P.c.referral_id, P.c.area)
            .where(P.c.status == PlacementStatus.OFFERED.value, P.c.offer_expires_at <= now)
            .order_by(P.c.offer_expires_at)
            .limit(limit)
        )
        return [(r.referral_id, r.area) for r in rows]

    async def count_by_status(self, area: str) -> dict[str, int]:
        rows = await self._session.execute(
            sa.select(P.c.status, sa.func.count()).where(P.c.area == area).group_by(P.c.status)
        )
        return {status: int(n) for status, n in rows.all()}

    async def waiting_counts(self) -> dict[str, int]:
        rows = await self._session.execute(
            sa.select(P.c.area, sa.func.count()).where(P.c.status == WAITING).group_by(P.c.area)
        )
        return {area: int(n) for area, n in rows.all()}


def _columns(p: Placement) -> dict[str, Any]:
    values = {name: getattr(p, name) for name in COLUMNS}
    values["status"] = p.status.value
    values["format_preference"] = p.format_preference.value if p.format_preference else None
    values["left_reason"] = p.left_reason.value if p.left_reason else None
    return values


def _placement(row: Any) -> Placement:
    m = row._mapping
    values = {name: m[name] for name in COLUMNS}
    values["status"] = PlacementStatus(m["status"])
    values["format_preference"] = Format(m["format_preference"]) if m["format_preference"] else None
    values["left_reason"] = LeaveReason(m["left_reason"]) if m["left_reason"] else None
    return Placement(**values)

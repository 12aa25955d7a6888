"""Paused providers, shared by every replica: one probe at a time, one event per change."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters import orm
from notifications.domain.pauses import Pause
from t2t_shared import driver


class SqlProviderPauses:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def all(self) -> dict[str, Pause]:
        """Every dispatch round reads this: on the driver, not through SQLAlchemy."""
        db = await driver.current(self._session)
        rows = await db.fetch(
            "SELECT provider, channel, reason, paused_at, retry_at, probes FROM provider_pauses"
        )
        return {r["provider"]: Pause(**dict(r)) for r in rows}

    async def pause(self, pause: Pause) -> bool:
        """Record the pause; False if the provider was already paused (by us or a replica)."""
        p = orm.provider_pauses
        inserted = await self._session.execute(
            insert(p)
            .values(
                provider=pause.provider,
                channel=pause.channel,
                reason=pause.reason,
                paused_at=pause.paused_at,
                retry_at=pause.retry_at,
            )
            .on_conflict_do_nothing()
            .returning(p.c.provider)
        )
        return inserted.first() is not None

    async def take_probe(self, provider: str, now: datetime, until: datetime) -> datetime | None:
        """Be the one send that probes a paused provider: None if this caller is it.

        Otherwise when the next probe is due (`now` if the provider is no longer paused).
        The probe's turn is held until `until`, so no replica probes alongside it.
        """
        p = orm.provider_pauses
        taken = await self._session.execute(
            sa.update(p)
            .where(p.c.provider == provider, p.c.retry_at <= now)
            .values(retry_at=until)
            .returning(p.c.provider)
        )
        if taken.first() is not None:
            return None
        retry_at = (
            await self._session.execute(sa.select(p.c.retry_at).where(p.c.provider == provider))
        ).scalar_one_or_none()
        return retry_at if retry_at is not None else now

    async def probe_failed(self, provider: str, reason: str, retry_at: datetime) -> int:
        """The probe failed: the next one is at `retry_at`. How many probes have failed."""
        p = orm.provider_pauses
        probes = await self._session.execute(
            sa.update(p)
            .where(p.c.provider == provider)
            .values(probes=p.c.probes + 1, reason=reason, retry_at=retry_at)
            .returning(p.c.probes)
        )
        return int(probes.scalar_one_or_none() or 0)

    async def resume(self, provider: str) -> Pause | None:
        """End the pause; the pause that ended, or None if another replica ended it first."""
        p = orm.provider_pauses
        row = (
            await self._session.execute(sa.delete(p).where(p.c.provider == provider).returning(p))
        ).first()
        return _pause(row) if row is not None else None


def _pause(row: object) -> Pause:
    return Pause(
        provider=row.provider,  # type: ignore[attr-defined]
        channel=row.channel,  # type: ignore[attr-defined]
        reason=row.reason,  # type: ignore[attr-defined]
        paused_at=row.paused_at,  # type: ignore[attr-defined]
        retry_at=row.retry_at,  # type: ignore[attr-defined]
        probes=row.probes,  # type: ignore[attr-defined]
    )

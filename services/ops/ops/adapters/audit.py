"""The redrive audit log in the ops database: who redrove which messages, when, to where."""

from __future__ import annotations

from dataclasses import asdict

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import async_sessionmaker

from ops.adapters.orm import redrive_audit
from ops.service_layer.redrive import AuditEntry


class SqlAuditLog:
    def __init__(self, sessions: async_sessionmaker) -> None:  # type: ignore[type-arg]
        self._sessions = sessions

    async def record(self, entries: list[AuditEntry]) -> None:
        if not entries:
            return
        async with self._sessions() as session, session.begin():
            await session.execute(sa.insert(redrive_audit), [asdict(e) for e in entries])

    async def redriven(self) -> set[str]:
        """Messages redriven (not dry runs): they stay out of the DLQ view after a restart."""
        query = sa.select(redrive_audit.c.message_id).where(redrive_audit.c.dry_run.is_(False))
        async with self._sessions() as session:
            return set((await session.scalars(query)).all())

    async def recent(self, limit: int = 50) -> list[AuditEntry]:
        columns = [redrive_audit.c[name] for name in AuditEntry.__dataclass_fields__]
        query = sa.select(*columns).order_by(redrive_audit.c.id.desc()).limit(limit)
        async with self._sessions() as session:
            rows = (await session.execute(query)).mappings().all()
        return [AuditEntry(**row) for row in rows]

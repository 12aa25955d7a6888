"""The redrive audit log in the ops database: who redrove which messages, when, to where."""

from __future__ import annotations

from dataclasses import asdict

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import async_sessionmaker

from ops.adapters.orm import redrive_audit
from ops.service_layer.redrive import AlreadyRedriven, AuditEntry, Work


class SqlAuditLog:
    def __init__(self, sessions: async_sessionmaker) -> None:  # type: ignore[type-arg]
        self._sessions = sessions

    async def record(self, entries: list[AuditEntry], *, while_held: Work | None = None) -> None:
        if not entries:
            return
        async with self._sessions() as session, session.begin():
            try:
                # A racing redrive of the same message waits here on the unique index.
                await session.execute(sa.insert(redrive_audit), [asdict(e) for e in entries])
            except IntegrityError as exc:
                raise AlreadyRedriven("another redrive took some of these messages") from exc
            if while_held is not None:
                await while_held()

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

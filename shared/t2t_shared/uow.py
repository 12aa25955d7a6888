"""Unit-of-work base: one session, its outbox and inbox, rolled back unless committed."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Protocol, Self

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from t2t_shared import driver
from t2t_shared.inbox import Inbox
from t2t_shared.outbox.writer import OutboxWriter


class UnitOfWork(Protocol):
    """What every service's unit of work offers; services add their repositories."""

    outbox: OutboxWriter
    inbox: Inbox

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...


class SqlUnitOfWork:
    """Services subclass this and add their repositories in `_open_repositories`."""

    session: AsyncSession
    outbox: OutboxWriter
    inbox: Inbox

    def __init__(
        self,
        sessions: async_sessionmaker,  # type: ignore[type-arg]
        *,
        outbox_table: sa.Table,
        inbox_table: sa.Table,
        source: str,
        consumer: str,
        schema_base_url: str,
        after_commit: Callable[[], None] | None = None,
        notify: Callable[[], bool] = lambda: True,
    ) -> None:
        self._sessions = sessions
        self._outbox_table = outbox_table
        self._inbox_table = inbox_table
        self._source = source
        self._consumer = consumer
        self._schema_base_url = schema_base_url
        self._after_commit = after_commit
        self._notify = notify

    async def __aenter__(self) -> Self:
        self.session = self._sessions()
        self.outbox = OutboxWriter(
            self.session,
            self._outbox_table,
            source=self._source,
            schema_base_url=self._schema_base_url,
            notify=self._notify,
        )
        self.inbox = Inbox(self.session, self._inbox_table, self._consumer)
        self._open_repositories()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.session.rollback()
        await self.session.close()

    def _open_repositories(self) -> None:
        """Hook for subclasses: build repositories on `self.session`."""

    def hold_writes(self) -> None:
        """Writes the repositories may hold back are sent together from now on, before the
        next statement or the commit (`t2t_shared/held_writes.py`)."""
        driver.hold_writes(self.session)

    async def commit(self) -> None:
        await self.session.commit()
        if self.outbox.written and self._after_commit is not None:
            self._after_commit()

    async def rollback(self) -> None:
        await self.session.rollback()

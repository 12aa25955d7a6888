"""The groups unit of work: repositories, outbox and inbox on one transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSessionTransaction

from groups.adapters.group_repository import SqlGroupRepository
from groups.adapters.placement_repository import SqlPlacementRepository
from groups.adapters.roster_repository import SqlFacilitatorRepository
from groups.adapters.session_repository import SqlSessionRepository
from t2t_shared.uow import SqlUnitOfWork
from t2t_shared.uow import UnitOfWork as BaseUnitOfWork


class Attempt(Protocol):
    async def undo(self) -> None:
        """Roll back to where the attempt began, letting go of the locks it took."""


class UnitOfWork(BaseUnitOfWork, Protocol):
    groups: SqlGroupRepository
    placements: SqlPlacementRepository
    facilitators: SqlFacilitatorRepository
    sessions: SqlSessionRepository

    def attempt(self) -> AbstractAsyncContextManager[Attempt]:
        """A step that may be undone (a savepoint); kept, with its locks, unless undone."""
        ...


class _Savepoint:
    def __init__(self, transaction: AsyncSessionTransaction) -> None:
        self.transaction = transaction
        self.undone = False

    async def undo(self) -> None:
        self.undone = True
        await self.transaction.rollback()


class SqlGroupsUnitOfWork(SqlUnitOfWork):
    groups: SqlGroupRepository
    placements: SqlPlacementRepository
    facilitators: SqlFacilitatorRepository
    sessions: SqlSessionRepository

    def _open_repositories(self) -> None:
        self.groups = SqlGroupRepository(self.session)
        self.placements = SqlPlacementRepository(self.session)
        self.facilitators = SqlFacilitatorRepository(self.session)
        self.sessions = SqlSessionRepository(self.session)

    @asynccontextmanager
    async def attempt(self) -> AsyncIterator[Attempt]:
        # An error leaves the savepoint open: the whole transaction is rolled back anyway.
        savepoint = _Savepoint(await self.session.begin_nested())
        yield savepoint
        if not savepoint.undone:
            await savepoint.transaction.commit()

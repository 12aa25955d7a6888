"""The SQL unit of work: the repositories, outbox and inbox on one database transaction."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSessionTransaction

from groups.adapters.group_repository import SqlGroupRepository
from groups.adapters.placement_repository import SqlPlacementRepository
from groups.adapters.roster_repository import SqlFacilitatorRepository
from groups.adapters.session_repository import SqlSessionRepository
from groups.service_layer.unit_of_work import Attempt
from t2t_shared.uow import SqlUnitOfWork


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

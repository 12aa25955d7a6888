"""The groups unit of work: repositories, outbox and inbox on one transaction."""

from __future__ import annotations

from typing import Protocol

from groups.adapters.group_repository import SqlGroupRepository
from groups.adapters.placement_repository import SqlPlacementRepository
from groups.adapters.roster_repository import SqlFacilitatorRepository
from groups.adapters.session_repository import SqlSessionRepository
from t2t_shared.uow import SqlUnitOfWork
from t2t_shared.uow import UnitOfWork as BaseUnitOfWork


class UnitOfWork(BaseUnitOfWork, Protocol):
    groups: SqlGroupRepository
    placements: SqlPlacementRepository
    facilitators: SqlFacilitatorRepository
    sessions: SqlSessionRepository


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

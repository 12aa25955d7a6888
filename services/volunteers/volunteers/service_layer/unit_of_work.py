"""The ports the use cases work through: one transaction over the volunteers, queries,
contact versions, outbox and inbox. The SQL implementation is `adapters/unit_of_work.py`."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Protocol

from t2t_shared.uow import UnitOfWork as BaseUnitOfWork
from volunteers.domain.model import Volunteer
from volunteers.domain.views import ListFilter, Page, Stats


class VolunteerRepository(Protocol):
    async def add(self, volunteer: Volunteer) -> None: ...

    async def get(self, volunteer_id: uuid.UUID, *, lock: bool = False) -> Volunteer | None: ...

    async def save(self, volunteer: Volunteer) -> None: ...


class VolunteerQueries(Protocol):
    async def page(self, f: ListFilter) -> Page: ...

    async def stats(self, areas: tuple[str, ...] | None) -> Stats: ...

    async def due_for_sweep(self, today: date, horizon: date, limit: int) -> list[uuid.UUID]: ...


class ContactVersions(Protocol):
    async def next(self, key: uuid.UUID) -> int:
        """The version of the next contacts record under this key (1 for the first)."""
        ...


class UnitOfWork(BaseUnitOfWork, Protocol):
    # Read-only properties, so an implementation may hold a more specific repository.
    @property
    def volunteers(self) -> VolunteerRepository: ...

    @property
    def queries(self) -> VolunteerQueries: ...

    @property
    def contact_versions(self) -> ContactVersions: ...

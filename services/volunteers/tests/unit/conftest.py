"""Fakes for the volunteers unit tests: repository, queries, outbox, inbox, unit of work."""

from __future__ import annotations

import copy
import uuid
from collections.abc import AsyncIterator, Collection
from contextlib import asynccontextmanager
from datetime import date, datetime
from typing import Any, Self

import httpx
import pytest

from t2t_shared.envelope import EventRecord
from t2t_shared.events import IntegrationEvent
from t2t_shared.periodic import Periodic
from t2t_shared.topics import Topics
from volunteers.bootstrap import Container
from volunteers.config import Settings
from volunteers.domain.model import Volunteer
from volunteers.domain.stages import Stage
from volunteers.domain.views import ListFilter, Page, Stats, VolunteerSummary
from volunteers.entrypoints.app import create_app

from .factories import NOW

Published = IntegrationEvent | EventRecord


class FakeVolunteerRepository:
    """Keeps copies, as a database would: a change not saved is a change lost."""

    def __init__(self) -> None:
        self.stored: dict[uuid.UUID, Volunteer] = {}
        self.pending: dict[uuid.UUID, Volunteer] = {}

    async def add(self, volunteer: Volunteer) -> None:
        self.pending[volunteer.id] = row(volunteer)

    async def get(self, volunteer_id: uuid.UUID, *, lock: bool = False) -> Volunteer | None:
        found = self.pending.get(volunteer_id) or self.stored.get(volunteer_id)
        return copy.deepcopy(found) if found else None

    async def save(self, volunteer: Volunteer) -> None:
        volunteer.version += 1
        self.pending[volunteer.id] = row(volunteer)

    def put(self, volunteer: Volunteer) -> Volunteer:
        """Arrange: a volunteer already in the database."""
        self.stored[volunteer.id] = row(volunteer)
        return volunteer


def row(volunteer: Volunteer) -> Volunteer:
    """As stored: the state, not the events recorded on the way (those go to the outbox)."""
    stored = copy.deepcopy(volunteer)
    stored.events = []
    return stored


class FakeQueries:
    def __init__(self, repo: FakeVolunteerRepository) -> None:
        self.repo = repo
        self.filters: list[ListFilter] = []
        self.stats_for: list[tuple[str, ...] | None] = []

    async def page(self, f: ListFilter) -> Page:
        self.filters.append(f)
        items = [
            _summary(v)
            for v in self.repo.stored.values()
            if (f.areas is None or v.area in f.areas) and (f.stage is None or v.stage is f.stage)
        ]
        return Page(items[f.offset : f.offset + f.limit], len(items))

    async def stats(self, areas: tuple[str, ...] | None) -> Stats:
        self.stats_for.append(areas)
        counts = {s.value: 0 for s in Stage}
        for v in self.repo.stored.values():
            counts[v.stage.value] += 1
        return Stats(by_stage=counts)

    async def due_for_sweep(self, today: date, horizon: date, limit: int) -> list[uuid.UUID]:
        # Over-approximates (every volunteer not left): the domain decides what is owed.
        return [v.id for v in self.repo.stored.values() if v.stage is not Stage.LEFT][:limit]


def _summary(v: Volunteer) -> VolunteerSummary:
    a = v.applicant
    return VolunteerSummary(
        id=v.id,
        area=v.area,
        stage=v.stage,
        stage_entered_at=v.stage_entered_at or v.applied_at,
        applied_at=v.applied_at,
        given_name=a.given_name if a else None,
        family_name=a.family_name if a else None,
        training_valid_until=v.training_valid_until,
        dbs_status=v.dbs.status if v.dbs else None,
        dbs_renewal_due=v.dbs.renewal_due if v.dbs else None,
    )


class FakeOutbox:
    """Collects `(topic, record)`; like the real one, rows only count once committed."""

    def __init__(self) -> None:
        self.blanked: list[str] = []
        self.events: list[tuple[str, Published]] = []
        self.pending: list[tuple[str, Published]] = []

    async def add_event(
        self, event: IntegrationEvent, *, topic: str, traceparent: str | None = None
    ) -> None:
        self.pending.append((topic, event))

    async def add_record(self, record: EventRecord) -> None:
        self.pending.append((record.topic, record))

    async def blank_records(self, *, topic: str, keys: Collection[str]) -> int:
        """Earlier records of these keys lose their value (as the real outbox's rows do)."""
        blanked = 0
        for rows in (self.events, self.pending):
            for n, (t, item) in enumerate(rows):
                key = getattr(item, "key", None) or str(getattr(item, "subject", ""))
                if t == topic and key in keys and not isinstance(item, EventRecord):
                    rows[n] = (t, EventRecord(topic=t, key=key, value=None))
                    blanked += 1
        self.blanked.extend(keys)
        return blanked

    def of_type(self, kind: type[Any]) -> list[Any]:
        return [e for _, e in self.events if isinstance(e, kind)]


class FakeInbox:
    def __init__(self) -> None:
        self.claimed: set[tuple[str, str]] = set()
        self.pending: set[tuple[str, str]] = set()

    async def claim(self, ce_source: str, ce_id: str) -> bool:
        key = (ce_source, ce_id)
        if key in self.claimed or key in self.pending:
            return False
        self.pending.add(key)
        return True


class FakeContactVersions:
    def __init__(self) -> None:
        self.versions: dict[uuid.UUID, int] = {}

    async def next(self, key: uuid.UUID) -> int:
        self.versions[key] = self.versions.get(key, 0) + 1
        return self.versions[key]


class FakeUnitOfWork:
    def __init__(self) -> None:
        self.volunteers = FakeVolunteerRepository()
        self.queries = FakeQueries(self.volunteers)
        self.outbox = FakeOutbox()
        self.inbox = FakeInbox()
        self.contact_versions = FakeContactVersions()
        self.commits = 0

    async def __aenter__(self) -> Self:
        self._rollback()
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._rollback()  # rolled back unless committed

    def _rollback(self) -> None:
        self.outbox.pending, self.volunteers.pending, self.inbox.pending = [], {}, set()

    async def commit(self) -> None:
        self.commits += 1
        self.outbox.events.extend(self.outbox.pending)
        self.volunteers.stored.update(self.volunteers.pending)
        self.inbox.claimed |= self.inbox.pending
        self._rollback()


class FakeClock:
    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class StubRuntime:
    """Just what the app needs of a ServiceRuntime: settings, topics, readiness, a lifespan."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.topics = Topics(settings.topic_prefix)

    async def readiness(self) -> dict[str, bool]:
        return {"database": True, "broker": True}

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        yield


class FakeContainer(Container):
    def __init__(self, settings: Settings, uow: FakeUnitOfWork, clock: FakeClock) -> None:
        super().__init__(settings, clock)
        self.runtime = StubRuntime(settings)  # type: ignore[assignment]
        self._uow = uow

    def uow(self) -> FakeUnitOfWork:  # type: ignore[override]
        return self._uow

    def workers(self) -> list[Periodic]:
        return []


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def topics() -> Topics:
    return Topics("t2t.")


@pytest.fixture
def settings() -> Settings:
    return Settings(
        environment="test",
        areas=("leeds", "bradford"),
        topic_prefix="t2t.",
        application_burst=3,
        application_rate_per_minute=1,
    )


@pytest.fixture
def container(settings: Settings, uow: FakeUnitOfWork, clock: FakeClock) -> FakeContainer:
    return FakeContainer(settings, uow, clock)


@pytest.fixture
async def client(container: FakeContainer) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(container)
    transport = httpx.ASGITransport(app, raise_app_exceptions=False)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://volunteers") as http,
    ):
        yield http

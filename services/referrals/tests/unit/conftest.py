"""Fakes for the referrals unit tests: repositories, outbox and unit of work in memory."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any, Self

import httpx
import pytest
from pydantic import SecretStr

from referrals.adapters.repository import StoredKey
from referrals.config import Settings
from referrals.domain.commands import PersonDetails, ReceiveReferral, ReferrerDetails
from referrals.domain.model import Channel, Referral, Referrer, Source
from referrals.entrypoints.app import create_app
from t2t_shared.events import IntegrationEvent
from t2t_shared.topics import Topics

from .api_support import Tokens

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


class FakeReferralRepository:
    def __init__(self) -> None:
        self.by_id: dict[uuid.UUID, Referral] = {}

    async def add(self, referral: Referral) -> None:
        self.by_id[referral.id] = referral

    async def get(self, referral_id: uuid.UUID) -> Referral | None:
        return self.by_id.get(referral_id)


class FakeReferrerRepository:
    def __init__(self, *known: Referrer) -> None:
        self.by_ods: dict[str, Referrer] = {r.ods_code: r for r in known}

    async def get_by_ods_code(self, ods_code: str) -> Referrer | None:
        return self.by_ods.get(ods_code)

    async def save(self, referrer: Referrer) -> uuid.UUID:
        stored = self.by_ods.setdefault(referrer.ods_code, referrer)
        self.by_ods[referrer.ods_code] = replace(referrer, id=stored.id)
        return stored.id


class FakeIdempotencyKeys:
    def __init__(self) -> None:
        self.keys: dict[tuple[str, str], StoredKey] = {}
        self.on_remember: Callable[[], None] | None = None

    async def find(self, caller: str, key: str) -> StoredKey | None:
        return self.keys.get((caller, key))

    async def remember(
        self, caller: str, key: str, request_hash: str, referral_id: uuid.UUID
    ) -> None:
        if self.on_remember is not None:
            self.on_remember()
        self.keys[(caller, key)] = StoredKey(request_hash, referral_id)


class FakeOutbox:
    """Collects `(topic, event)`; like the real one, rows only count once committed."""

    def __init__(self) -> None:
        self.events: list[tuple[str, IntegrationEvent]] = []
        self.pending: list[tuple[str, IntegrationEvent]] = []

    async def add_event(
        self, event: IntegrationEvent, *, topic: str, traceparent: str | None = None
    ) -> None:
        self.pending.append((topic, event))


class FakeUnitOfWork:
    def __init__(self) -> None:
        self.referrals = FakeReferralRepository()
        self.referrers = FakeReferrerRepository()
        self.idempotency = FakeIdempotencyKeys()
        self.outbox = FakeOutbox()
        self.inbox: Any = None
        self.commits = 0
        self.entered = 0

    async def __aenter__(self) -> Self:
        self.entered += 1
        self.outbox.pending = []
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.outbox.pending = []  # rolled back unless committed

    async def commit(self) -> None:
        self.commits += 1
        self.outbox.events.extend(self.outbox.pending)
        self.outbox.pending = []


class StubRuntime:
    """Just what the app needs of a ServiceRuntime: settings, topics, readiness, a lifespan."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.topics = Topics(settings.topic_prefix)
        self.checks = {"database": True, "broker": True}
        self.running_entered = False

    async def readiness(self) -> dict[str, bool]:
        return dict(self.checks)

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        self.running_entered = True
        yield


class FakeContainer:
    def __init__(self, settings: Settings, uow: FakeUnitOfWork) -> None:
        self.settings = settings
        self.runtime = StubRuntime(settings)
        self._uow = uow

    @property
    def topics(self) -> Topics:
        return self.runtime.topics

    def uow(self) -> FakeUnitOfWork:
        return self._uow


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def topics() -> Topics:
    return Topics("t2t.")


@pytest.fixture
def settings() -> Settings:
    return Settings(
        environment="test",
        jwt_secret=SecretStr("referrals-unit-test-secret-0123456789abcdef"),
        jwt_issuer="t2t",
        areas=("leeds", "bradford"),
        topic_prefix="t2t.",
    )


@pytest.fixture
def container(settings: Settings, uow: FakeUnitOfWork) -> FakeContainer:
    return FakeContainer(settings, uow)


def person_details(**overrides: Any) -> PersonDetails:
    values: dict[str, Any] = {
        "given_name": "Philippa",
        "family_name": "Ramsbottom",
        "date_of_birth": date(1961, 4, 12),
        "postcode": "LS6 2AB",
        "nhs_number": "9434765919",
        "email": "philippa.ramsbottom@example.org",
        "mobile": "+447700900123",
        "preferred_channel": Channel.SMS,
    }
    values.update(overrides)
    return PersonDetails(**values)


def gp_referral(**overrides: Any) -> ReceiveReferral:
    values: dict[str, Any] = {
        "source": Source.GP,
        "area": "leeds",
        "person": person_details(),
        "consent_to_contact": True,
        "referrer": ReferrerDetails("B82005", "Hyde Park Surgery", "hyde.park@nhs.net"),
        "caller": "gp-b82005",
    }
    values.update(overrides)
    return ReceiveReferral(**values)


@pytest.fixture
def make_person() -> Callable[..., PersonDetails]:
    return person_details


@pytest.fixture
def make_command() -> Callable[..., ReceiveReferral]:
    """A GP referral command; pass keyword overrides for anything else."""
    return gp_referral


@pytest.fixture
def auth(settings: Settings) -> Tokens:
    return Tokens(settings)


@pytest.fixture
async def client(container: Any) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(container)
    transport = httpx.ASGITransport(app, raise_app_exceptions=False)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://referrals") as http,
    ):
        yield http

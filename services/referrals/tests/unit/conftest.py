"""Fakes for the referrals unit tests: repositories, outbox and unit of work in memory."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest

from referrals.config import Settings
from referrals.domain.commands import PersonDetails, ReceiveReferral, ReferrerDetails
from referrals.domain.model import Channel, Source
from referrals.entrypoints.app import create_app
from referrals.service_layer.policy import Policy
from t2t_shared.http.ratelimit import TokenBuckets
from t2t_shared.topics import Topics

from .api_support import Tokens
from .fakes import FakePostcodeAreas, FakeUnitOfWork

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


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
        self.policy = Policy(clock=lambda: NOW)
        self.self_referral_limit = TokenBuckets(per_minute=60, burst=3, clock=lambda: 0.0)
        self.postcode_areas = FakePostcodeAreas()

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
        "referrer": ReferrerDetails("B82005"),
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

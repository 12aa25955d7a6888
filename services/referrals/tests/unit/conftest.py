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
from referrals.domain.journey import ContactAttempt
from referrals.domain.model import Channel, Person, Referral, Referrer, Source
from referrals.entrypoints.app import create_app
from referrals.service_layer.policy import Policy
from t2t_shared.envelope import EventRecord
from t2t_shared.events import IntegrationEvent
from t2t_shared.http.ratelimit import TokenBuckets
from t2t_shared.topics import Topics

from .api_support import Tokens

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)


class FakeReferralRepository:
    """Stores copies, as a database would: a change counts only once `update` saves it."""

    def __init__(self) -> None:
        self.by_id: dict[uuid.UUID, Referral] = {}
        self.attempts_of: dict[uuid.UUID, list[ContactAttempt]] = {}
        self.locked: list[int] = []
        self.erased_people: list[uuid.UUID] = []

    async def add(self, referral: Referral) -> None:
        self.by_id[referral.id] = referral

    async def get(self, referral_id: uuid.UUID, *, for_update: bool = False) -> Referral | None:
        found = self.by_id.get(referral_id)
        return replace(found) if found else None

    async def of_person(self, person_id: uuid.UUID) -> list[Referral]:
        return [replace(r) for r in self.by_id.values() if r.person_id == person_id]

    async def update(self, referral: Referral) -> None:
        self.by_id[referral.id] = replace(referral)

    async def add_attempt(self, referral_id: uuid.UUID, attempt: ContactAttempt) -> None:
        self.attempts_of.setdefault(referral_id, []).append(attempt)

    async def attempts(self, referral_id: uuid.UUID) -> list[ContactAttempt]:
        return list(self.attempts_of.get(referral_id, []))

    async def lock_identities(self, lock_ids: list[int]) -> None:
        self.locked.extend(lock_ids)

    async def find_open_duplicate(self, area: str, person: Person) -> uuid.UUID | None:
        for r in self.by_id.values():
            p = r.person
            if r.area != area or not r.is_open or p is None:
                continue
            same_nhs = person.nhs_number is not None and p.nhs_number == person.nhs_number
            same_who = (
                p.given_name.lower(),
                p.family_name.lower(),
                p.date_of_birth,
                p.postcode,
            ) == (
                person.given_name.lower(),
                person.family_name.lower(),
                person.date_of_birth,
                person.postcode,
            )
            if same_nhs or same_who:
                return r.id
        return None

    async def erase_person(self, person_id: uuid.UUID, referral_ids: list[uuid.UUID]) -> None:
        self.erased_people.append(person_id)
        for rid in referral_ids:
            self.attempts_of[rid] = [replace(a, note=None) for a in self.attempts_of.get(rid, [])]


class FakeInbox:
    def __init__(self) -> None:
        self.claimed: set[tuple[str, str]] = set()

    async def claim(self, ce_source: str, ce_id: str) -> bool:
        if (ce_source, ce_id) in self.claimed:
            return False
        self.claimed.add((ce_source, ce_id))
        return True


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

    async def add_record(self, record: EventRecord) -> None:
        self.pending.append((record.topic, record))  # type: ignore[arg-type]


class FakeUnitOfWork:
    def __init__(self) -> None:
        self.referrals = FakeReferralRepository()
        self.referrers = FakeReferrerRepository()
        self.idempotency = FakeIdempotencyKeys()
        self.outbox = FakeOutbox()
        self.inbox = FakeInbox()
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
        self.policy = Policy(clock=lambda: NOW)
        self.self_referral_limit = TokenBuckets(per_minute=60, burst=3, clock=lambda: 0.0)

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

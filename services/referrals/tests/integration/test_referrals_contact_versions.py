"""Contact records carry a version per key, counted in the change's transaction."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
import sqlalchemy as sa

from referrals.adapters import orm
from referrals.bootstrap import Container, bootstrap
from referrals.config import Settings
from referrals.entrypoints.app import create_app
from tests.fixtures.services import Infra, auth, unique_prefix

pytestmark = pytest.mark.integration

GP = auth("referrer", ["wakefield"], ods_code="C84002")


@pytest.fixture(scope="module")
async def container(infra: Infra) -> AsyncIterator[Container]:
    url = await infra.migrated_database("referrals")
    c = bootstrap(Settings(**infra.settings_kwargs(url, unique_prefix())))
    yield c
    await c.runtime.engine.dispose()


async def bump(c: Container, key: uuid.UUID, *, commit: bool = True) -> int:
    async with c.uow() as uow:
        version = await uow.contact_versions.next(key)
        if commit:
            await uow.commit()
    return version


async def test_racing_changes_to_one_key_get_distinct_increasing_versions(
    container: Container,
) -> None:
    key = uuid.uuid4()
    versions = await asyncio.gather(*(bump(container, key) for _ in range(20)))
    assert sorted(versions) == list(range(1, 21))
    assert await bump(container, uuid.uuid4()) == 1  # another key counts on its own


async def test_a_rolled_back_change_gives_its_version_back(container: Container) -> None:
    key = uuid.uuid4()
    assert await bump(container, key) == 1
    assert await bump(container, key, commit=False) == 2
    assert await bump(container, key) == 2


def referral(n: int, practice_email: str) -> dict[str, object]:
    return {
        "source": "gp",
        "area": "wakefield",
        "referrer": {"ods_code": "C84002", "name": "Versioned Practice", "email": practice_email},
        "person": {
            "given_name": f"Versioned{n}",
            "family_name": "Example",
            "date_of_birth": "1957-03-03",
            "postcode": "WF1 2AA",
            "email": f"versioned{n}@example.org",
        },
        "consent": {"contact": True},
    }


async def test_records_in_the_outbox_carry_their_versions(container: Container) -> None:
    transport = httpx.ASGITransport(app=create_app(container))
    async with httpx.AsyncClient(transport=transport, base_url="http://referrals") as client:
        for n, email in enumerate(["a@nhs.example", "b@nhs.example", "c@nhs.example"]):
            response = await client.post("/referrals", json=referral(n, email), headers=GP)
            assert response.status_code == 201, response.text
    o = orm.outbox
    async with container.uow() as uow:
        rows = await uow.session.execute(
            sa.select(o.c.value).where(o.c.topic.endswith("referrals.contacts")).order_by(o.c.id)
        )
        records = [json.loads(r.value) for r in rows]
    practice = [r for r in records if r.get("ods_code") == "C84002"]
    people = [r for r in records if str(r.get("given_name", "")).startswith("Versioned")]
    assert [(r["email"], r["version"]) for r in practice] == [
        ("a@nhs.example", 1),
        ("b@nhs.example", 2),
        ("c@nhs.example", 3),
    ]
    assert [r["version"] for r in people] == [1, 1, 1]

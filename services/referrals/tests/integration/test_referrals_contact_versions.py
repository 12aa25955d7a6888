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

from .db_support import register

pytestmark = pytest.mark.integration

ADMIN = auth("admin", ["*"])


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


async def test_records_in_the_outbox_carry_their_versions(container: Container) -> None:
    await register(container, "C84002")
    transport = httpx.ASGITransport(app=create_app(container))
    async with httpx.AsyncClient(transport=transport, base_url="http://referrals") as client:
        for email in ["a@nhs.example", "b@nhs.example", "c@nhs.example"]:
            response = await client.put(
                "/practices/C84002/receipt-email", json={"email": email}, headers=ADMIN
            )
            assert response.status_code == 200, response.text
        # Setting the same email again changes nothing and publishes nothing.
        same = await client.put(
            "/practices/C84002/receipt-email", json={"email": "c@nhs.example"}, headers=ADMIN
        )
        assert same.json() == {"ods_code": "C84002", "email": "c@nhs.example"}
    o = orm.outbox
    async with container.uow() as uow:
        rows = await uow.session.execute(
            sa.select(o.c.value).where(o.c.topic.endswith("referrals.contacts")).order_by(o.c.id)
        )
        records = [json.loads(r.value) for r in rows]
    practice = [r for r in records if r.get("ods_code") == "C84002"]
    # The import announced the practice without a receipt email; each change follows it.
    assert [(r["email"], r["version"]) for r in practice] == [
        (None, 1),
        ("a@nhs.example", 2),
        ("b@nhs.example", 3),
        ("c@nhs.example", 4),
    ]

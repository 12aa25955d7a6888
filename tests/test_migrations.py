"""Each service's migrations build exactly the schema its code declares, and run twice."""

from __future__ import annotations

import asyncio
import importlib

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import create_async_engine

from t2t_shared.migrations import upgrade
from tests.fixtures.services import Infra

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("service", ["referrals", "groups", "volunteers", "notifications"])
async def test_migrations_match_the_tables_the_code_declares(infra: Infra, service: str) -> None:
    url = (await infra.migrated_database(service)).replace("postgresql://", "postgresql+asyncpg://")
    # A second run (another replica's init container) finds nothing to do.
    await asyncio.to_thread(upgrade, service, url)
    metadata = importlib.import_module(f"{service}.adapters.orm").metadata
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            drift = await conn.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync), metadata)
            )
    finally:
        await engine.dispose()
    assert drift == []

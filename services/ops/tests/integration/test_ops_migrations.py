"""Ops' migrations build exactly the tables `ops.adapters.orm.metadata` declares.

The read models' tables are defined once, in `ops.adapters.projection_tables`; migration 0004
wrote them down as they were then. This comparison is what keeps the two from drifting.
"""

from __future__ import annotations

import asyncio

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import create_async_engine

from ops.adapters.orm import metadata
from t2t_shared.migrations import alembic_config, upgrade
from tests.fixtures.services import Infra

pytestmark = pytest.mark.integration

MESSAGING = {"outbox", "processed_messages", "parked_events"}


def _async(url: str) -> str:
    return url.replace("postgresql://", "postgresql+asyncpg://")


async def _tables_and_drift(url: str) -> tuple[set[str], list[object]]:
    engine = create_async_engine(_async(url))
    try:
        async with engine.connect() as conn:

            def inspect(sync: sa.Connection) -> tuple[set[str], list[object]]:
                tables = set(sa.inspect(sync).get_table_names())
                return tables, compare_metadata(MigrationContext.configure(sync), metadata)

            return await conn.run_sync(inspect)
    finally:
        await engine.dispose()


async def test_the_migrated_schema_is_the_declared_one_without_messaging_tables(
    infra: Infra,
) -> None:
    url = await infra.migrated_database("ops")
    await asyncio.to_thread(upgrade, "ops", _async(url))  # another replica finds nothing to do
    tables, drift = await _tables_and_drift(url)
    assert drift == []
    assert {"journeys", "group_states", "erased_referrals", "redrive_audit"} <= tables
    assert not tables & MESSAGING


async def test_downgrading_below_0005_gives_the_messaging_tables_back(infra: Infra) -> None:
    url = await infra.migrated_database("ops")
    config = alembic_config("ops", _async(url))
    await asyncio.to_thread(command.downgrade, config, "0004_projections")
    tables, _ = await _tables_and_drift(url)
    assert tables >= MESSAGING
    await asyncio.to_thread(command.upgrade, config, "head")
    tables, drift = await _tables_and_drift(url)
    assert (tables & MESSAGING, drift) == (set(), [])

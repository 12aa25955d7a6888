"""`migrate` leaves the planner statistics of every table, not a wait for autovacuum."""

from __future__ import annotations

import asyncio

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine

from t2t_shared.migrations import upgrade
from tests.fixtures.services import Infra

pytestmark = pytest.mark.integration


def _async(url: str) -> str:
    return url.replace("postgresql://", "postgresql+asyncpg://")


async def _reltuples(conn: AsyncConnection) -> dict[str, float]:
    """-1 until a table is first analysed (or vacuumed); then its estimated row count."""
    rows = await conn.execute(
        sa.text(
            "SELECT c.relname, c.reltuples FROM pg_class c JOIN pg_namespace n "
            "ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'"
        )
    )
    return {name: float(tuples) for name, tuples in rows}


async def test_a_migrated_database_has_statistics_for_every_table(infra: Infra) -> None:
    url = await infra.migrated_database("referrals")
    engine = create_async_engine(_async(url))
    try:
        async with engine.connect() as conn:
            tuples = await _reltuples(conn)
    finally:
        await engine.dispose()
    assert {"referrals", "people", "outbox", "processed_messages"} <= tuples.keys()
    assert all(count >= 0 for count in tuples.values()), tuples


async def test_migrating_a_database_that_holds_rows_counts_them(infra: Infra) -> None:
    """A restored database, or the next release's migrate: the estimates are the rows."""
    url = await infra.migrated_database("referrals")
    engine = create_async_engine(_async(url))
    try:
        async with engine.begin() as conn:
            # Autovacuum must not analyse it first, or the test would prove nothing.
            await conn.execute(sa.text("ALTER TABLE outbox SET (autovacuum_enabled = false)"))
            await conn.execute(
                sa.text(
                    "INSERT INTO outbox (event_id, topic, key, key_hash, value, header_keys, "
                    "header_values) SELECT gen_random_uuid(), 't', 'k' || i, i, NULL, "
                    "ARRAY[]::text[], ARRAY[]::bytea[] FROM generate_series(1, 1000) i"
                )
            )
        async with engine.connect() as conn:
            assert (await _reltuples(conn))["outbox"] == 0
        await asyncio.to_thread(upgrade, "referrals", _async(url))
        async with engine.connect() as conn:
            assert (await _reltuples(conn))["outbox"] == 1000
    finally:
        await engine.dispose()

"""The relay's select reads one batch, not the whole backlog, whatever the statistics say."""

from __future__ import annotations

import json

import asyncpg
import pytest
import sqlalchemy as sa

from t2t_shared.db import create_engine, define_messaging_tables
from t2t_shared.envelope import EventRecord
from t2t_shared.outbox.statements import RelayStatements
from t2t_shared.outbox.writer import outbox_row
from tests.fixtures.services import Infra

pytestmark = pytest.mark.integration

BACKLOG = 3_000


async def plan_of_select(
    infra: Infra, *, analysed_empty: bool, published_before: int = 0, statement: str = "select"
) -> str:
    url = infra.make_database("plan")
    engine = create_engine(url.replace("postgresql://", "postgresql+asyncpg://"))
    metadata = sa.MetaData()
    outbox, _ = define_messaging_tables(metadata)
    try:
        async with engine.begin() as conn:
            await conn.run_sync(metadata.create_all)
        raw = await asyncpg.connect(url)
        try:
            if analysed_empty:
                # What `migrate` leaves on a new database: statistics of an empty table.
                await raw.execute("ANALYZE outbox")
            if published_before:
                # Statistics taken while nothing was waiting (after a quiet spell).
                old = [
                    outbox_row(EventRecord("t", f"old-{i}", b"{}")) for i in range(published_before)
                ]
                async with engine.begin() as conn:
                    await conn.execute(sa.insert(outbox), old)
                await raw.execute("UPDATE outbox SET published_at = now(); ANALYZE outbox")
            rows = [
                outbox_row(EventRecord("t", f"key-{i}", json.dumps({"n": i}).encode()))
                for i in range(BACKLOG)
            ]
            async with engine.begin() as conn:
                await conn.execute(sa.insert(outbox), rows)
            sql = RelayStatements.for_table(outbox)
            async with raw.transaction():
                await raw.execute(sql.plan)
                if statement == "select":
                    lines = await raw.fetch("EXPLAIN (ANALYZE, COSTS OFF) " + sql.select, 500, 0)
                else:
                    lines = await raw.fetch("EXPLAIN (ANALYZE, COSTS OFF) " + sql.held)
            return "\n".join(line[0] for line in lines)
        finally:
            await raw.close()
    finally:
        await engine.dispose()


@pytest.mark.parametrize("analysed_empty", [False, True], ids=["never-analysed", "analysed-empty"])
async def test_the_select_walks_the_unpublished_index_in_order(
    infra: Infra, analysed_empty: bool
) -> None:
    plan = await plan_of_select(infra, analysed_empty=analysed_empty)
    # A sort would mean every unpublished row was read to find the first 500.
    assert "Sort" not in plan, plan
    assert "ix_outbox_unpublished" in plan, plan
    assert "rows=500 loops=1" in plan.splitlines()[0], plan


@pytest.mark.parametrize("statement", ["select", "held"])
async def test_the_quarantine_check_reads_the_backlog_once_not_once_a_row(
    infra: Infra, statement: str
) -> None:
    """Rows of a key with a quarantined row wait behind it. Checked with a correlated
    subquery, the planner (its statistics from a spell when nothing waited) walked every
    unpublished row for each row it looked at: a backlog drained in quadratic time."""
    plan = await plan_of_select(
        infra, analysed_empty=False, published_before=5_000, statement=statement
    )
    scans = [line for line in plan.splitlines() if " on outbox" in line]
    assert scans, plan
    assert all("loops=1)" in line for line in scans), plan

"""Retention over the real database, and the timeouts every engine sets on its connections."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from t2t_shared.db import DbTimeouts, create_engine, define_messaging_tables, session_factory
from t2t_shared.retention import Pruner, RetentionPolicy
from tests.fixtures.services import Infra

pytestmark = pytest.mark.integration


async def test_old_published_rows_and_old_processed_messages_are_pruned(infra: Infra) -> None:
    url = infra.make_database("retention").replace("postgresql://", "postgresql+asyncpg://")
    engine = create_engine(url)
    metadata = sa.MetaData()
    outbox, processed = define_messaging_tables(metadata)
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
        for n, (created_days, published_days) in enumerate(
            [(10, 10), (10, None), (3, 3), (30, 29)]
        ):
            await conn.execute(
                sa.text(
                    "INSERT INTO outbox (event_id, topic, key, key_hash, value, header_keys, "
                    "header_values, created_at, published_at) VALUES (gen_random_uuid(), 't', "
                    ":key, 0, NULL, '{}', '{}', now() - make_interval(days => :c), "
                    "now() - make_interval(days => :p))"
                ),
                {"key": f"k{n}", "c": created_days, "p": published_days},
            )
        for n, days in enumerate([50, 40, 1]):
            await conn.execute(
                sa.text(
                    "INSERT INTO processed_messages (consumer, ce_source, ce_id, processed_at) "
                    "VALUES ('c', 's', :id, now() - make_interval(days => :d))"
                ),
                {"id": f"e{n}", "d": days},
            )
    pruner = Pruner(
        service="retention-test",
        sessions=session_factory(engine),
        policy=RetentionPolicy(outbox_days=7, processed_days=45),
        outbox_table=outbox,
        processed_table=processed,
    )
    try:
        deleted = await pruner.prune()
        async with engine.connect() as conn:
            kept = sorted((await conn.execute(sa.select(outbox.c.key))).scalars())
            ids = sorted((await conn.execute(sa.select(processed.c.ce_id))).scalars())
    finally:
        await engine.dispose()

    assert deleted == {"outbox": 2, "processed_messages": 1}
    # Unpublished rows are never pruned, however old.
    assert kept == ["k1", "k2"]
    assert ids == ["e1", "e2"]


async def test_every_connection_has_statement_and_lock_timeouts(infra: Infra) -> None:
    url = infra.make_database("timeouts").replace("postgresql://", "postgresql+asyncpg://")
    engine = create_engine(url, timeouts=DbTimeouts(statement_timeout_ms=1234, lock_timeout_ms=567))
    try:
        async with engine.connect() as conn:
            statement = await conn.scalar(sa.text("SHOW statement_timeout"))
            lock = await conn.scalar(sa.text("SHOW lock_timeout"))
            with pytest.raises(sa.exc.DBAPIError, match="statement timeout"):
                await conn.execute(sa.text("SELECT pg_sleep(3)"))
    finally:
        await engine.dispose()
    assert (statement, lock) == ("1234ms", "567ms")

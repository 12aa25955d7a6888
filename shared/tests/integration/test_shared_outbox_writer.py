"""The outbox writer: a request's rows in one statement, in their order, on the real database."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any, ClassVar

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from t2t_shared.db import create_engine, define_messaging_tables, session_factory
from t2t_shared.events import IntegrationEvent
from t2t_shared.outbox.writer import ROWS_PER_INSERT, OutboxWriter
from tests.fixtures.services import Infra

pytestmark = pytest.mark.integration


class ThingCounted(IntegrationEvent):
    service: ClassVar[str] = "test"
    subject_field: ClassVar[str] = "thing_id"
    thing_id: str
    n: int


@pytest.fixture
async def engine(infra: Infra) -> AsyncIterator[tuple[AsyncEngine, sa.Table]]:
    url = infra.make_database("writer").replace("postgresql://", "postgresql+asyncpg://")
    engine = create_engine(url)
    metadata = sa.MetaData()
    outbox, _ = define_messaging_tables(metadata)
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    try:
        yield engine, outbox
    finally:
        await engine.dispose()


async def write(engine: AsyncEngine, outbox: sa.Table, events: list[tuple[Any, str]]) -> list[str]:
    """Writes the events in one transaction; returns the statements sent to the database.

    Through the session (SQLAlchemy's events) and straight through asyncpg on the session's
    connection (its query logger), which is how the writer sends its INSERT.
    """
    sent: list[str] = []

    def on_statement(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        sent.append(statement)

    def on_driver_query(record: Any) -> None:
        if not record.query.startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            sent.append(record.query)

    sa.event.listen(engine.sync_engine, "before_cursor_execute", on_statement)
    try:
        async with session_factory(engine)() as session:
            raw = await (await session.connection()).get_raw_connection()
            raw.driver_connection.add_query_logger(on_driver_query)  # type: ignore[union-attr]
            writer = OutboxWriter(session, outbox, source="/t2t/test/test", schema_base_url="x")
            await writer.add_all(events)
            assert writer.written == len(events)
            raw.driver_connection.remove_query_logger(on_driver_query)  # type: ignore[union-attr]
            await session.commit()
    finally:
        sa.event.remove(engine.sync_engine, "before_cursor_execute", on_statement)
    return sent


async def stored(engine: AsyncEngine, outbox: sa.Table) -> list[tuple[str, int]]:
    async with engine.connect() as conn:
        rows = await conn.execute(sa.select(outbox.c.topic, outbox.c.value).order_by(outbox.c.id))
        return [(topic, json.loads(value)["n"]) for topic, value in rows]


async def test_events_for_two_topics_go_in_one_statement_in_their_order(
    engine: tuple[AsyncEngine, sa.Table],
) -> None:
    e, outbox = engine
    events = [(ThingCounted(thing_id=f"t{n % 2}", n=n), f"topic-{n % 2}") for n in range(5)]
    sent = await write(e, outbox, events)
    assert len([s for s in sent if s.startswith("INSERT INTO outbox")]) == 1
    assert await stored(e, outbox) == [(f"topic-{n % 2}", n) for n in range(5)]


async def test_more_rows_than_a_statement_takes_go_in_as_few_statements_as_fit(
    engine: tuple[AsyncEngine, sa.Table],
) -> None:
    e, outbox = engine
    n = 2 * ROWS_PER_INSERT + 5
    sent = await write(e, outbox, [(ThingCounted(thing_id="t", n=i), "topic") for i in range(n)])
    assert len([s for s in sent if s.startswith("INSERT INTO outbox")]) == 3
    assert [i for _, i in await stored(e, outbox)] == list(range(n))

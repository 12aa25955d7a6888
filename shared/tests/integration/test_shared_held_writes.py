"""Held writes on the real database: sent together, and always before anything that could
read them, so a transaction sees what it wrote as if each write had gone at once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from t2t_shared import driver
from t2t_shared.db import create_engine, session_factory
from tests.fixtures.services import Infra

pytestmark = pytest.mark.integration

ADD = "INSERT INTO things (id, n) VALUES ($1, $2)"
BUMP = "UPDATE things SET n = n + 1 WHERE id = $1"
SECRET = 4242  # stands for a person's data: never in an error's text


@pytest.fixture
async def engine(infra: Infra) -> AsyncIterator[AsyncEngine]:
    url = infra.make_database("held").replace("postgresql://", "postgresql+asyncpg://")
    engine = create_engine(url)
    async with engine.begin() as conn:
        await conn.execute(sa.text("CREATE TABLE things (id int PRIMARY KEY, n int NOT NULL)"))
    try:
        yield engine
    finally:
        await engine.dispose()


class Sent:
    """Statements that reached asyncpg on the session's connection (its query logger)."""

    def __init__(self) -> None:
        self.queries: list[str] = []

    def __call__(self, record: Any) -> None:
        if not record.query.startswith(("BEGIN", "COMMIT", "ROLLBACK")):
            self.queries.append(record.query)

    async def attach(self, session: AsyncSession) -> None:
        (await driver.connection(session)).add_query_logger(self)

    async def settled(self) -> list[str]:
        await asyncio.sleep(0)  # asyncpg calls its loggers soon, not at once
        # Not asyncpg's own type introspection, which a connection may run at any time.
        return [q for q in self.queries if q in (ADD, BUMP)]


async def count(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return int(await conn.scalar(sa.text("SELECT count(*) FROM things")) or 0)


async def test_held_writes_go_together_at_the_commit_in_the_order_held(
    engine: AsyncEngine,
) -> None:
    sent = Sent()
    async with session_factory(engine)() as session:
        await sent.attach(session)
        driver.hold_writes(session)
        for i in range(5):
            assert driver.hold(session, ADD, (i, 0))
        assert driver.hold(session, BUMP, (3,))  # after its row's insert, as held
        assert await sent.settled() == []
        await session.commit()
    assert await sent.settled() == [ADD, BUMP]  # one executemany per statement
    assert await count(engine) == 5
    async with engine.connect() as conn:
        assert await conn.scalar(sa.text("SELECT n FROM things WHERE id = 3")) == 1


async def test_a_statement_through_the_driver_sends_them_first(engine: AsyncEngine) -> None:
    async with session_factory(engine)() as session:
        driver.hold_writes(session)
        driver.hold(session, ADD, (1, 0))
        db = await driver.connection(session)
        assert await db.fetchval("SELECT count(*) FROM things") == 1
        driver.hold(session, ADD, (2, 0))
        assert await (await driver.current(session)).fetchval("SELECT count(*) FROM things") == 2


async def test_a_statement_through_the_session_sends_them_first(engine: AsyncEngine) -> None:
    async with session_factory(engine)() as session:
        await driver.connection(session)
        driver.hold_writes(session)
        driver.hold(session, ADD, (1, 0))
        assert await session.scalar(sa.text("SELECT count(*) FROM things")) == 1


async def test_a_rollback_drops_them_and_the_next_transaction_sends_at_once(
    engine: AsyncEngine,
) -> None:
    async with session_factory(engine)() as session:
        await driver.connection(session)
        driver.hold_writes(session)
        driver.hold(session, ADD, (1, 0))
        await session.rollback()
        # Holding ended with the transaction: the caller sends its write itself.
        assert not driver.hold(session, ADD, (2, 0))
        await session.commit()
    assert await count(engine) == 0


async def test_a_held_write_that_fails_fails_as_sqlalchemys_without_the_values(
    engine: AsyncEngine,
) -> None:
    async with session_factory(engine)() as session:
        driver.hold_writes(session)
        driver.hold(session, ADD, (SECRET, 0))
        driver.hold(session, ADD, (SECRET, 1))
        with pytest.raises(IntegrityError) as failed:
            await session.commit()
    assert str(SECRET) not in str(failed.value)
    assert await count(engine) == 0


async def test_without_holding_nothing_is_held(engine: AsyncEngine) -> None:
    async with session_factory(engine)() as session:
        assert not driver.hold(session, ADD, (1, 0))


async def test_writes_held_before_any_statement_still_commit_or_fail_together(
    engine: AsyncEngine,
) -> None:
    async with session_factory(engine)() as session:
        driver.hold_writes(session)  # nothing sent yet: no transaction has begun
        driver.hold(session, ADD, (1, 0))
        driver.hold(session, "INSERT INTO things (id, n) VALUES ($1, NULL)", (2,))
        with pytest.raises(IntegrityError):
            await session.commit()
    assert await count(engine) == 0  # the first write went with the second: not at all

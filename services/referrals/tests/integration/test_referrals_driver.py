"""Statements run straight through asyncpg fail as they did through the session.

The hot path's statements bypass SQLAlchemy's execution, so its translation of driver
errors must be done by hand: a constraint is an IntegrityError (without the values, which
are people's data), a connection that dropped is a DBAPIError marked invalidated, which the
HTTP layer answers 503 rather than 500.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError, IntegrityError

from referrals.adapters.repository import LOCK_IN_ORDER
from referrals.bootstrap import Container, bootstrap
from referrals.config import Settings
from t2t_shared.driver import Prepared, connection
from t2t_shared.http.unavailable import briefly_unavailable
from tests.fixtures.services import Infra, unique_prefix

pytestmark = pytest.mark.integration

ADD_KEY = Prepared(
    sa.text(
        "INSERT INTO contact_versions (key, version) VALUES (CAST(:key AS UUID), 1)"
    ).bindparams(sa.bindparam("key", type_=sa.Text))
)


@pytest.fixture(scope="module")
async def database_url(infra: Infra) -> str:
    url: str = await infra.migrated_database("referrals")
    return url


@pytest.fixture(scope="module")
async def container(infra: Infra, database_url: str) -> AsyncIterator[Container]:
    built = bootstrap(Settings(**infra.settings_kwargs(database_url, unique_prefix())))
    try:
        yield built
    finally:
        await built.runtime.engine.dispose()


async def test_statements_run_in_the_sessions_transaction(container: Container) -> None:
    key = str(uuid.uuid4())
    async with container.uow() as uow:
        await ADD_KEY.execute(uow.session, {"key": key})
        # Not committed: leaving the unit of work rolls it back with the session's own.
    async with container.uow() as uow:
        found = await uow.session.scalar(
            sa.text("SELECT count(*) FROM contact_versions WHERE key = CAST(:k AS UUID)"),
            {"k": key},
        )
    assert found == 0


async def test_a_constraint_is_an_integrity_error_that_names_no_value(
    container: Container,
) -> None:
    key = str(uuid.uuid4())
    async with container.uow() as uow:
        await ADD_KEY.execute(uow.session, {"key": key})
        with pytest.raises(IntegrityError) as raised:
            await ADD_KEY.execute(uow.session, {"key": key})
    assert key not in str(raised.value)


async def test_a_dropped_connection_is_briefly_unavailable(
    container: Container, database_url: str
) -> None:
    async with container.uow() as uow:
        driver = await connection(uow.session)
        pid = driver.get_server_pid()
        other = await asyncpg.connect(database_url)
        try:
            # With a timeout it returns once the backend has gone.
            assert await other.fetchval("SELECT pg_terminate_backend($1, 10000)", pid)
        finally:
            await other.close()
        with pytest.raises(DBAPIError) as raised:
            await LOCK_IN_ORDER.execute(uow.session, {"ids": [1, 2]})
    assert raised.value.connection_invalidated
    assert briefly_unavailable(raised.value)

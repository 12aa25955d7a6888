# Over 200 lines: the raw connection, prepared statements, held writes and their errors share it.
"""A unit of work's own asyncpg connection, for the statements a hot path runs per event.

Through the session, SQLAlchemy builds each statement, generates its cache key, compiles or
looks it up and processes its parameters: about ten times the CPU asyncpg takes for the
same prepared statement (measured: ~330 against ~35 microseconds a statement). The hot
statements of referrals' write path and notifications' consumers and dispatcher run here
instead, on the session's connection inside its transaction (begun first if SQLAlchemy,
which begins lazily, has not yet), so they commit or roll back with everything else the
unit of work does. JSON goes as text: the session's connection has SQLAlchemy's JSON codecs.
A unit of work may also hold writes back, to send them together (`hold_writes`).

This reaches into SQLAlchemy's asyncpg adapter (2.1), so SQLAlchemy is pinned to its minor
version: an upgrade is a deliberate change, made with this module's tests.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

import asyncpg
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import asyncpg as asyncpg_dialect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.util import await_only

from t2t_shared.held_writes import KEY, HeldWrites

DIALECT = asyncpg_dialect.dialect(dbapi=asyncpg_dialect.dialect.import_dbapi())  # type: ignore[no-untyped-call]
_DBAPI: Any = DIALECT.loaded_dbapi


async def connection(session: AsyncSession) -> asyncpg.Connection:
    """The session's asyncpg connection, in the session's transaction."""
    return await _in_transaction(await _adapted(session), session.info.get(KEY), session)


async def current(session: AsyncSession) -> asyncpg.Connection:
    """The session's asyncpg connection, in its transaction if one has begun, else not:
    a statement then commits on its own (one round trip, no BEGIN or COMMIT). For reads
    that may come first in a unit of work, and for writes meant to stand alone."""
    if session.info.get(KEY):
        return await connection(session)  # writes are held only in a transaction
    driver: asyncpg.Connection = (await _adapted(session))._connection
    return driver


def hold_writes(session: AsyncSession) -> None:
    """Until the session's transaction ends, `hold` keeps writes back, to be sent together
    before its next statement or its commit (`held_writes`). The statements the session
    itself runs, its flush and its commit send them first too; a rollback drops them."""
    session.info[KEY] = HeldWrites()
    sync = session.sync_session
    for name in ("do_orm_execute", "before_flush", "before_commit"):
        if not sa.event.contains(sync, name, _send_from_session):
            sa.event.listen(sync, name, _send_from_session)
    if not sa.event.contains(sync, "after_transaction_end", _stop_holding):
        sa.event.listen(sync, "after_transaction_end", _stop_holding)


def hold(session: AsyncSession, sql: str, args: Sequence[Any]) -> bool:
    """Hold this write back if the session holds writes (True); else the caller sends it."""
    held: HeldWrites | None = session.info.get(KEY)
    if held is None:
        return False
    held.add(sql, args)
    return True


async def _in_transaction(
    adapted: Any, held: HeldWrites | None, session: AsyncSession | None
) -> asyncpg.Connection:
    """The adapter's asyncpg connection in its transaction, begun now if SQLAlchemy's adapter
    (2.x), which begins at its first statement, has not yet; with what is held sent first."""
    if adapted._transaction is None:
        async with adapted._execute_mutex:
            if adapted._transaction is None:
                await adapted._start_transaction()
    driver: asyncpg.Connection = adapted._connection
    for sql, many in held.take() if held else ():
        try:
            await driver.executemany(sql, many)
        except Exception as exc:
            if (failure := await _failed(exc, sql, session, driver)) is exc:
                raise
            raise failure from exc
    return driver


def _send_from_session(target: Any, *_: Any) -> None:
    """SQLAlchemy's event, in its greenlet: the session (or execute state) is about to run
    a statement, flush or commit. Sent in the session's transaction, never on their own."""
    session: Session = getattr(target, "session", target)
    if held := session.info.get(KEY):
        adapted = session.connection().connection.dbapi_connection
        await_only(_in_transaction(adapted, held, None))


def _stop_holding(session: Session, transaction: Any) -> None:
    if transaction.parent is None:  # the transaction itself, not a savepoint within it
        session.info.pop(KEY, None)


async def _adapted(session: AsyncSession) -> Any:
    """SQLAlchemy's adapter around the session's asyncpg connection."""
    raw = await (await session.connection()).get_raw_connection()
    return raw.dbapi_connection


def jsonb(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


class Prepared:
    """A statement of named `sa.bindparam`s, compiled once to asyncpg's `$n` form.

    Errors come out as SQLAlchemy would raise them (see `_failed`).
    """

    def __init__(self, statement: sa.ClauseElement) -> None:
        compiled = statement.compile(dialect=DIALECT)
        assert isinstance(compiled, SQLCompiler)
        self.sql = compiled.string
        self.names = tuple(compiled.positiontup or ())

    def args(self, params: Mapping[str, Any]) -> list[Any]:
        return [params[name] for name in self.names]

    async def execute(self, session: AsyncSession, params: Mapping[str, Any]) -> None:
        await execute(session, self.sql, self.args(params))

    async def fetchrow(self, session: AsyncSession, params: Mapping[str, Any]) -> asyncpg.Record:
        row = await fetchrow(session, self.sql, self.args(params))
        assert row is not None, "a statement that returns one row returned none"
        return row


async def execute(session: AsyncSession, sql: str, args: Sequence[Any]) -> None:
    """One statement on the session's connection, in its transaction; errors as SQLAlchemy's."""
    driver = await connection(session)
    try:
        await driver.execute(sql, *args)
    except Exception as exc:
        if (failure := await _failed(exc, sql, session, driver)) is exc:
            raise
        raise failure from exc


async def fetchrow(session: AsyncSession, sql: str, args: Sequence[Any]) -> asyncpg.Record | None:
    driver = await connection(session)
    try:
        row: asyncpg.Record | None = await driver.fetchrow(sql, *args)
    except Exception as exc:
        if (failure := await _failed(exc, sql, session, driver)) is exc:
            raise
        raise failure from exc
    return row


async def _failed(
    exc: Exception, sql: str, session: AsyncSession | None, driver: asyncpg.Connection
) -> BaseException:
    """The error SQLAlchemy would have raised, so callers and the HTTP layer's 503 handling
    see no difference: an IntegrityError for a constraint, a DBAPIError marked invalidated
    when the connection is gone; never the parameters (people's data) in its text.

    A connection that is gone is invalidated as SQLAlchemy does it, so the session's
    rollback does not fail on it and the pool does not hand it out again."""
    lost = driver.is_closed()
    if lost and session is not None:  # None: from a session event, with no session to await
        with contextlib.suppress(Exception):
            await (await session.connection()).invalidate(exc)
    elif not lost and not isinstance(exc, asyncpg.PostgresError | asyncpg.InterfaceError):
        return exc  # not the database's answer (a timeout, say): as it is
    translate = _DBAPI._asyncpg_error_translate
    # The message alone, as SQLAlchemy's adapter takes it: asyncpg's str() adds the
    # DETAIL line, which quotes the offending values.
    message = exc.args[0] if exc.args else type(exc).__name__
    orig = next((translate[t](message, exc) for t in type(exc).__mro__ if t in translate), exc)
    return sa.exc.DBAPIError.instance(
        sql,
        None,
        orig,
        _DBAPI.Error,
        hide_parameters=True,
        connection_invalidated=lost,
        dialect=DIALECT,
    )

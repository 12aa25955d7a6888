"""DSN helpers and database creation that work on any PostgreSQL server, local or not."""

from __future__ import annotations

import asyncio
import contextlib
import re
from urllib.parse import urlsplit, urlunsplit

import asyncpg

_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def server_dsn(url: str) -> str:
    """Strip the database (and any SQLAlchemy driver suffix) from a PostgreSQL URL."""
    parts = urlsplit(url)
    scheme = parts.scheme.split("+", 1)[0]
    if scheme not in ("postgresql", "postgres"):
        raise ValueError(f"not a PostgreSQL URL (scheme {parts.scheme!r})")
    return urlunsplit(("postgresql", parts.netloc, "", parts.query, ""))


def database_dsn(server: str, database: str) -> str:
    parts = urlsplit(server_dsn(server))
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, ""))


def redact_dsn(url: str) -> str:
    """Hide the password so a DSN can be printed or logged."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def check_name(name: str) -> str:
    # Database names go into DDL, which takes no bind parameters: only plain names pass.
    if not _NAME.match(name):
        raise ValueError(f"invalid database name {name!r}: use lower-case letters, digits, _")
    return name


async def ensure_database(server: str, name: str) -> str:
    """Create database ``name`` unless it exists; return its DSN."""
    check_name(name)
    conn = await asyncpg.connect(database_dsn(server, "postgres"), timeout=10)
    try:
        exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        if not exists:
            # Created concurrently by someone else? Then the goal is met all the same.
            with contextlib.suppress(asyncpg.DuplicateDatabaseError):
                await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return database_dsn(server, name)


async def copy_database(server: str, name: str, template: str) -> str:
    """Create ``name`` as a copy of ``template``; return its DSN.

    A session that has just closed its connection to the template may still be leaving the
    server, and PostgreSQL refuses to copy a database anyone is connected to: try again.
    """
    check_name(name)
    check_name(template)
    conn = await asyncpg.connect(database_dsn(server, "postgres"), timeout=10)
    try:
        for attempt in range(50):
            try:
                await conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
                break
            except asyncpg.ObjectInUseError:
                if attempt == 49:
                    raise
                await asyncio.sleep(0.1)
    finally:
        await conn.close()
    return database_dsn(server, name)


async def drop_database(server: str, name: str) -> None:
    """Drop ``name`` even while sessions are connected to it (PostgreSQL 13+)."""
    check_name(name)
    conn = await asyncpg.connect(database_dsn(server, "postgres"), timeout=10)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()

"""Alembic, driven from code: each service keeps its scripts and a five-line env.py."""

from __future__ import annotations

import asyncio
from importlib.resources import files

import sqlalchemy as sa
from alembic import command, context
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from t2t_shared.db import define_messaging_tables, ensure_database


def alembic_config(package: str, url: str) -> Config:
    """`package` holds `migrations/` (env.py, versions/)."""
    config = Config()
    config.set_main_option("script_location", str(files(package) / "migrations"))
    config.set_main_option("sqlalchemy.url", url)
    return config


def upgrade(package: str, url: str, revision: str = "head") -> None:
    """Create the database if it is missing, then upgrade it; used by `python -m X migrate`."""
    asyncio.run(ensure_database(url))
    command.upgrade(alembic_config(package, url), revision)


def run_env(metadata: sa.MetaData) -> None:
    """The body of every service's `migrations/env.py` (online, async engine)."""
    url = context.config.get_main_option("sqlalchemy.url")
    assert url is not None

    def migrate(connection: Connection) -> None:
        context.configure(connection=connection, target_metadata=metadata)
        with context.begin_transaction():
            # Replicas start together (one init container each): one migrates, the rest wait
            # for it and then find nothing to do.
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext('t2t-migrations'))"))
            context.run_migrations()

    async def run() -> None:
        engine = create_async_engine(url)
        async with engine.connect() as connection:
            await connection.run_sync(migrate)
        await engine.dispose()

    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
    else:
        asyncio.run(run())


def create_messaging_tables() -> None:
    """For a migration of a service whose first tables are only the outbox and inbox."""
    from alembic import op

    metadata = sa.MetaData()
    define_messaging_tables(metadata)
    metadata.create_all(op.get_bind())


def drop_messaging_tables() -> None:
    from alembic import op

    metadata = sa.MetaData()
    define_messaging_tables(metadata)
    metadata.drop_all(op.get_bind())

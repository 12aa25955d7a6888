"""Alembic, driven from code: each service keeps its scripts and a five-line env.py."""

from __future__ import annotations

import asyncio
from importlib.resources import files

import sqlalchemy as sa
from alembic import command, context
from alembic.config import Config
from sqlalchemy.dialects.postgresql import ARRAY, BYTEA, UUID
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from t2t_shared.db import define_parked_events, ensure_database


def alembic_config(package: str, url: str) -> Config:
    """`package` holds `migrations/` (env.py, versions/)."""
    config = Config()
    config.set_main_option("script_location", str(files(package) / "migrations"))
    config.set_main_option("sqlalchemy.url", url)
    return config


def upgrade(package: str, url: str, revision: str = "head") -> None:
    """Create the database if it is missing, upgrade it, then gather planner statistics.

    Used by `python -m X migrate`. Without `ANALYZE` a restored database, or one a
    migration rewrote, has no statistics until autovacuum first visits it (up to a
    minute, `autovacuum_naptime`, per database), and until then the planner guesses:
    the bench saw two to three times the PostgreSQL CPU per referral in that window.
    """
    asyncio.run(ensure_database(url))
    command.upgrade(alembic_config(package, url), revision)
    asyncio.run(analyze(url))


async def analyze(url: str) -> None:
    """`ANALYZE` every table of the service's database (it holds only the service's own)."""
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT", hide_parameters=True)
    try:
        async with engine.connect() as connection:
            await connection.execute(sa.text("ANALYZE"))
    finally:
        await engine.dispose()


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
        engine = create_async_engine(url, hide_parameters=True)
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
    """For a migration of a service whose first tables are only the outbox and inbox.

    The tables as they were first released: later changes come in their own revisions
    (`add_delivery_safety`), so an existing database and a new one end up the same.
    """
    from alembic import op

    metadata = sa.MetaData()
    _first_messaging_tables(metadata)
    metadata.create_all(op.get_bind())


def drop_messaging_tables() -> None:
    from alembic import op

    metadata = sa.MetaData()
    _first_messaging_tables(metadata)
    metadata.drop_all(op.get_bind())


def add_delivery_safety() -> None:
    """Quarantine of unpublishable outbox rows, parked consumer keys, retention indexes."""
    from alembic import op

    op.add_column("outbox", sa.Column("quarantined_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index(
        "ix_outbox_quarantined",
        "outbox",
        ["topic", "key", "id"],
        postgresql_where=sa.text("quarantined_at IS NOT NULL AND published_at IS NULL"),
    )
    op.create_index("ix_processed_messages_processed_at", "processed_messages", ["processed_at"])
    metadata = sa.MetaData()
    define_parked_events(metadata).create(op.get_bind())


def drop_delivery_safety() -> None:
    from alembic import op

    op.drop_table("parked_events")
    op.drop_index("ix_processed_messages_processed_at", "processed_messages")
    op.drop_index("ix_outbox_quarantined", "outbox")
    op.drop_column("outbox", "quarantined_at")


def _first_messaging_tables(metadata: sa.MetaData) -> None:
    sa.Table(
        "outbox",
        metadata,
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("event_id", UUID(as_uuid=False), nullable=False, unique=True),
        sa.Column("topic", sa.Text, nullable=False),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("key_hash", sa.Integer, nullable=False),
        sa.Column("value", BYTEA, nullable=True),
        sa.Column("header_keys", ARRAY(sa.Text), nullable=False),
        sa.Column("header_values", ARRAY(BYTEA), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Index("ix_outbox_unpublished", "id", postgresql_where=sa.text("published_at IS NULL")),
    )
    sa.Table(
        "processed_messages",
        metadata,
        sa.Column("consumer", sa.Text, primary_key=True),
        sa.Column("ce_source", sa.Text, primary_key=True),
        sa.Column("ce_id", sa.Text, primary_key=True),
        sa.Column("processed_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
    )

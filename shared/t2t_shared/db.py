"""Database engines and the messaging tables every service keeps in its own database."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, BYTEA, UUID
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine


def create_engine(url: str, *, pool_size: int = 10) -> AsyncEngine:
    # No pre-ping: it costs a round trip on every checkout; stale connections are rare on
    # a local network and recycling bounds their age.
    return create_async_engine(url, pool_size=pool_size, max_overflow=10, pool_recycle=1800)


def session_factory(engine: AsyncEngine) -> async_sessionmaker:  # type: ignore[type-arg]
    return async_sessionmaker(engine, expire_on_commit=False)


async def ensure_database(url: str) -> bool:
    """Create the service's database when missing (local and test clusters); True if created."""
    target = make_url(url)
    admin = create_async_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as conn:
            exists = await conn.scalar(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"),
                {"name": target.database},
            )
            if exists:
                return False
            await conn.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
            return True
    finally:
        await admin.dispose()


def define_messaging_tables(metadata: sa.MetaData) -> tuple[sa.Table, sa.Table]:
    """The outbox and the processed-message (inbox) tables, added to a service's metadata."""
    outbox = sa.Table(
        "outbox",
        metadata,
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("event_id", UUID(as_uuid=False), nullable=False, unique=True),
        sa.Column("topic", sa.Text, nullable=False),
        sa.Column("key", sa.Text, nullable=False),
        # The key's Kafka partition hash, computed once when the row is written, so the
        # relay does not run the (pure Python) murmur2 for every record it publishes.
        sa.Column("key_hash", sa.Integer, nullable=False),
        sa.Column("value", BYTEA, nullable=True),
        # Two arrays rather than JSON: the driver decodes them natively, the relay reads
        # thousands a second.
        sa.Column("header_keys", ARRAY(sa.Text), nullable=False),
        sa.Column("header_values", ARRAY(BYTEA), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Index("ix_outbox_unpublished", "id", postgresql_where=sa.text("published_at IS NULL")),
    )
    processed = sa.Table(
        "processed_messages",
        metadata,
        sa.Column("consumer", sa.Text, primary_key=True),
        sa.Column("ce_source", sa.Text, primary_key=True),
        sa.Column("ce_id", sa.Text, primary_key=True),
        sa.Column("processed_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
    )
    return outbox, processed

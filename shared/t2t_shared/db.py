"""Database engines and the messaging tables every service keeps in its own database."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, BYTEA, UUID
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool


@dataclass(frozen=True)
class DbTimeouts:
    """Bounds on every wait for the database, so a stalled server fails a call, not a worker.

    A failover or a held lock then surfaces as an error the consumer retries in place,
    instead of a handler that hangs past the broker's poll interval.
    """

    statement_timeout_ms: int = 30_000
    lock_timeout_ms: int = 10_000
    connect_timeout_s: float = 10.0
    pool_timeout_s: float = 10.0
    # A connection whose peer vanished (a partition, a killed host) is noticed within
    # about 10 + 3 x 3 s by the server, which then frees its locks (the relay's leadership).
    keepalive_idle_s: int = 10

    def server_settings(self) -> dict[str, str]:
        return {
            "statement_timeout": str(self.statement_timeout_ms),
            "lock_timeout": str(self.lock_timeout_ms),
            "tcp_keepalives_idle": str(self.keepalive_idle_s),
            "tcp_keepalives_interval": "3",
            "tcp_keepalives_count": "3",
        }

    def connect_args(self) -> dict[str, object]:
        return {"timeout": self.connect_timeout_s, "server_settings": self.server_settings()}


def create_engine(
    url: str, *, pool_size: int = 20, timeouts: DbTimeouts | None = None
) -> AsyncEngine:
    timeouts = timeouts or DbTimeouts()
    # No pre-ping: it costs a round trip on every checkout; stale connections are rare on
    # a local network and recycling bounds their age.
    return create_async_engine(
        url,
        # SQL parameters are people's data: never in an error's text, so never in a log or
        # a DLQ header that quotes one.
        hide_parameters=True,
        # All kept once opened: connections beyond a pool are closed as soon as they are
        # returned, so a burst wider than the pool started (and ended) a PostgreSQL backend
        # for each request beyond it; a wider burst now waits up to the pool timeout.
        pool_size=pool_size,
        max_overflow=0,
        pool_recycle=1800,
        pool_timeout=timeouts.pool_timeout_s,
        connect_args=timeouts.connect_args(),
    )


def dedicated_engine(url: str | sa.URL, *, timeouts: DbTimeouts | None = None) -> AsyncEngine:
    """Connections held for a long time (a leadership lock), outside the shared pool."""
    timeouts = timeouts or DbTimeouts()
    return create_async_engine(
        url, poolclass=NullPool, connect_args=timeouts.connect_args(), hide_parameters=True
    )


def session_factory(engine: AsyncEngine) -> async_sessionmaker:  # type: ignore[type-arg]
    return async_sessionmaker(engine, expire_on_commit=False)


async def ensure_database(url: str) -> bool:
    """Create the service's database when missing (local and test clusters); True if created."""
    target = make_url(url)
    admin = create_async_engine(
        target.set(database="postgres"), isolation_level="AUTOCOMMIT", hide_parameters=True
    )
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
    """The outbox and the processed-message (inbox) tables, added to a service's metadata.

    The consumers' parked-event table is added too (`parked_events`), for the services
    whose consumers park a failing event's key.
    """
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
        # Set when a row can never be published (larger than the broker takes): it and the
        # later rows of its key wait for an operator; `last_error` says why.
        sa.Column("quarantined_at", sa.DateTime(timezone=True), nullable=True),
        sa.Index("ix_outbox_unpublished", "id", postgresql_where=sa.text("published_at IS NULL")),
        sa.Index(
            "ix_outbox_quarantined",
            "topic",
            "key",
            "id",
            postgresql_where=sa.text("quarantined_at IS NOT NULL AND published_at IS NULL"),
        ),
    )
    processed = sa.Table(
        "processed_messages",
        metadata,
        sa.Column("consumer", sa.Text, primary_key=True),
        sa.Column("ce_source", sa.Text, primary_key=True),
        sa.Column("ce_id", sa.Text, primary_key=True),
        sa.Column("processed_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
        sa.Index("ix_processed_messages_processed_at", "processed_at"),
    )
    define_parked_events(metadata)
    return outbox, processed


def define_parked_events(metadata: sa.MetaData) -> sa.Table:
    """Events a consumer holds back because an earlier event of their key failed.

    The head (the failed event itself, also on the retry topic) and the events behind it,
    in arrival order; released in that order once the head is handled or dead-lettered.
    """
    return sa.Table(
        "parked_events",
        metadata,
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("consumer", sa.Text, nullable=False),
        sa.Column("topic", sa.Text, nullable=False),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("partition", sa.Integer, nullable=False),
        sa.Column("offset", sa.BigInteger, nullable=False),
        sa.Column("value", BYTEA, nullable=True),
        sa.Column("header_keys", ARRAY(sa.Text), nullable=False),
        sa.Column("header_values", ARRAY(BYTEA), nullable=False),
        sa.Column("is_head", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("parked_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
        sa.UniqueConstraint("consumer", "topic", "partition", "offset", name="uq_parked_record"),
        sa.Index("ix_parked_events_key", "consumer", "topic", "key", "id"),
    )

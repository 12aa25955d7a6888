"""One service's settings: its name, port and database, plus delivery tuning (`T2T_` env)."""

from __future__ import annotations

import os
from typing import Any, ClassVar

from pydantic import Field, model_validator
from sqlalchemy.engine import make_url

from t2t_shared.db import DbTimeouts
from t2t_shared.production import asyncpg_url, refuse_plaintext_kafka, refuse_unverified_postgres
from t2t_shared.settings.platform import (
    DEPRECATION_WINDOW_ENDS,
    TOPIC_RETENTION_DAYS,
    PlatformSettings,
)


class ServiceSettings(PlatformSettings):
    """Settings of one service: its name, port and database, plus delivery tuning."""

    service: ClassVar[str]
    default_port: ClassVar[int]
    # The portal has neither: production's database and broker rules do not apply to it.
    uses_database: ClassVar[bool] = True
    uses_broker: ClassVar[bool] = True

    port: int = 0
    database_url: str | None = None

    relay_batch_size: int = Field(500, ge=1)
    relay_poll_interval_s: float = Field(
        2.0,
        gt=0,
        description="The relay's safety-net poll: commits wake it at once (in-process, or "
        "through PostgreSQL NOTIFY from another replica), so this only bounds how long a row "
        "whose wake-up was lost waits",
    )
    relay_follower_retry_s: float = Field(
        1.0, gt=0, description="How often a replica that is not the relay leader tries the lock"
    )
    relay_quarantine_after: int = Field(
        3, ge=1, description="Attempts at an unpublishable outbox row before it is quarantined"
    )
    relay_max_record_bytes: int = Field(
        1_000_000, ge=1024, description="Largest record the broker takes (message.max.bytes)"
    )
    retry_delays_s: tuple[float, ...] = (1.0, 5.0, 30.0)
    consumer_fetch_max_wait_ms: int = 100
    consumer_retry_fetch_max_wait_ms: int = Field(
        1000,
        ge=1,
        description="The retry subscription's fetch wait (capped at the shortest retry delay, "
        "so it never delays a retry): idle, each fetch costs CPU here and in the broker",
    )
    consumer_retry_heartbeat_ms: int = Field(
        1000,
        ge=10,
        le=2000,
        description="The retry group's heartbeat (at most a third of the 6 s session "
        "timeout); a longer one only slows that group's rebalance, not fresh events",
    )
    consumer_max_batch: int = Field(200, ge=1)
    consumer_max_poll_interval_ms: int = Field(
        300_000,
        ge=10_000,
        description="Kafka max.poll.interval.ms; in-place retries of one batch stay well inside",
    )
    consumer_session_timeout_ms: int = Field(
        6000,
        ge=1000,
        description="Kafka session.timeout.ms; the local broker holds a group's first join "
        "for half of it, so the test fixtures use less",
    )
    infra_retry_max_backoff_s: float = Field(
        30.0, gt=0, description="Cap of the backoff while the database or broker is unavailable"
    )

    db_statement_timeout_ms: int = Field(30_000, ge=100)
    db_lock_timeout_ms: int = Field(10_000, ge=100)
    db_connect_timeout_s: float = Field(10.0, gt=0)
    db_pool_timeout_s: float = Field(10.0, gt=0)
    db_pool_size: int = Field(
        20,
        ge=1,
        description="Most connections each process opens to its database; kept open once "
        "opened, so a burst does not start a PostgreSQL backend per request",
    )

    outbox_retention_days: float = Field(
        7.0, gt=0, description="Published outbox rows are deleted after this many days"
    )
    processed_retention_days: float = Field(
        45.0,
        gt=0,
        description="Processed-message (inbox) rows are kept this long; must exceed the "
        "longest retention of a topic the service reads, so a replay stays idempotent",
    )
    prune_interval_s: float = Field(3600.0, gt=0)
    publish_deprecated_events: bool = Field(
        True,
        description="Also publish the deprecated major version of a re-versioned event "
        "(ReferralReceived.v1 beside .v2) during its deprecation window, which ends on "
        f"{DEPRECATION_WINDOW_ENDS}; set false earlier once every subscriber reads the new one",
    )

    @model_validator(mode="before")
    @classmethod
    def _service_specific_env(cls, data: Any) -> Any:
        """Read `T2T_<SERVICE>_PORT` and `T2T_DATABASE_URL_<SERVICE>`."""
        if not isinstance(data, dict):
            return data
        upper = cls.service.upper()
        data.setdefault("port", os.environ.get(f"T2T_{upper}_PORT", cls.default_port))
        url = os.environ.get(f"T2T_DATABASE_URL_{upper}")
        if url and not data.get("database_url"):
            data["database_url"] = url
        return data

    @model_validator(mode="after")
    def _refuse_plaintext_transport_in_production(self) -> ServiceSettings:
        if self.environment != "production":
            return self
        if self.uses_broker:
            refuse_plaintext_kafka(self.kafka_security_protocol)
        if self.uses_database:
            refuse_unverified_postgres(self._database_url())
        return self

    @model_validator(mode="after")
    def _inbox_outlives_topics(self) -> ServiceSettings:
        # A record replayed from a topic must still find its processed-message row.
        topic_days = TOPIC_RETENTION_DAYS
        if self.processed_retention_days <= topic_days:
            raise ValueError(
                f"T2T_PROCESSED_RETENTION_DAYS ({self.processed_retention_days:g}) must be "
                f"longer than the topic retention ({topic_days:g} days)"
            )
        return self

    @model_validator(mode="after")
    def _retries_fit_the_poll_interval(self) -> ServiceSettings:
        # A retry record is held until due inside its handler; a wait past the poll
        # interval would make the broker give the consumer's partitions away.
        longest_ms = max(self.retry_delays_s, default=0) * 1000
        if longest_ms >= self.consumer_max_poll_interval_ms / 2:
            raise ValueError(
                "T2T_RETRY_DELAYS_S must stay under half of T2T_CONSUMER_MAX_POLL_INTERVAL_MS"
            )
        return self

    @property
    def db_timeouts(self) -> DbTimeouts:
        return DbTimeouts(
            statement_timeout_ms=self.db_statement_timeout_ms,
            lock_timeout_ms=self.db_lock_timeout_ms,
            connect_timeout_s=self.db_connect_timeout_s,
            pool_timeout_s=self.db_pool_timeout_s,
        )

    @property
    def audience(self) -> str:
        """The `aud` a token must name for this service's API."""
        return f"t2t-{self.service}"

    @property
    def database_name(self) -> str:
        return f"t2t_{self.service}"

    @property
    def sqlalchemy_url(self) -> str:
        """The async SQLAlchemy URL of this service's own database."""
        return asyncpg_url(self._database_url())

    def _database_url(self) -> str:
        if self.database_url:
            return self.database_url
        server = make_url(self.postgres_dsn)
        return server.set(database=self.database_name).render_as_string(hide_password=False)

    @property
    def source(self) -> str:
        """CloudEvents `source` of everything this service publishes."""
        return f"/t2t/{self.deployment}/{self.service}"

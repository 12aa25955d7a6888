# Over 200 lines: one class owns a service process's connections, and their start and stop order.
"""A running service's infrastructure: database, outbox relay, consumers, topics, readiness."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TypeVar

import sqlalchemy as sa
from aiokafka.admin import AIOKafkaAdminClient
from faststream.kafka import KafkaBroker
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from t2t_shared.broker_security import faststream_security
from t2t_shared.db import create_engine, dedicated_engine, session_factory
from t2t_shared.messaging.consumer import EventConsumer
from t2t_shared.messaging.kafka import KafkaConnection, create_producer, create_reader
from t2t_shared.messaging.routes import Routes
from t2t_shared.messaging.source import SourceReader
from t2t_shared.messaging.tuning import ConsumerTuning
from t2t_shared.outbox import OutboxRelay
from t2t_shared.periodic import Periodic
from t2t_shared.retention import Pruner, RetentionPolicy
from t2t_shared.settings import ServiceSettings
from t2t_shared.topics import Topics, TopicSpec, ensure_topics, owned_topics
from t2t_shared.uow import SqlUnitOfWork

log = logging.getLogger(__name__)


def broker_logger() -> logging.Logger:
    """FastStream's own logger, at WARNING: its per-message lines stay quiet, but an error
    it meets before our handler runs (a record it cannot decode, say) is seen, not looped
    over in silence."""
    logger = logging.getLogger("t2t.faststream")
    logger.setLevel(logging.WARNING)
    return logger


U = TypeVar("U", bound=SqlUnitOfWork)


class ServiceRuntime:
    """Owns the connections of one service process; built by the service's bootstrap."""

    def __init__(
        self,
        settings: ServiceSettings,
        *,
        outbox_table: sa.Table | None,
        routes: Routes | None = None,
        publishes_contacts: bool = False,
    ) -> None:
        self.settings = settings
        self.topics = Topics(settings.topic_prefix)
        self._outbox_table = outbox_table
        self.kafka = KafkaConnection.from_settings(settings)
        self.engine: AsyncEngine = create_engine(
            settings.sqlalchemy_url, pool_size=settings.db_pool_size, timeouts=settings.db_timeouts
        )
        self.sessions: async_sessionmaker = session_factory(self.engine)  # type: ignore[type-arg]
        self.consumer: EventConsumer | None = None
        if routes is not None and routes.by_topic:
            self.consumer = EventConsumer(
                name=settings.service,
                topics=self.topics,
                routes=routes,
                producer_factory=lambda: create_producer(self.kafka, f"{settings.service}-retry"),
                tuning=ConsumerTuning(
                    fetch_max_wait_ms=settings.consumer_fetch_max_wait_ms,
                    retry_fetch_max_wait_ms=settings.consumer_retry_fetch_max_wait_ms,
                    retry_heartbeat_interval_ms=settings.consumer_retry_heartbeat_ms,
                    retry_delays_s=settings.retry_delays_s,
                    max_batch=settings.consumer_max_batch,
                    max_poll_interval_ms=settings.consumer_max_poll_interval_ms,
                    session_timeout_ms=settings.consumer_session_timeout_ms,
                    infra_max_backoff_s=settings.infra_retry_max_backoff_s,
                ),
                sessions=self.sessions if outbox_table is not None else None,
                parked_table=_parked_table(outbox_table),
                deployment=settings.deployment,
                reader=SourceReader(lambda: create_reader(self.kafka, f"{settings.service}-read")),
            )
        # A service without an outbox (the ops console) publishes nothing: no events topic,
        # no relay.
        self.topic_specs: list[TopicSpec] = owned_topics(
            self.topics,
            service=settings.service,
            partitions=settings.topic_partitions,
            publishes_events=outbox_table is not None,
            publishes_contacts=publishes_contacts,
            consumer=settings.service if self.consumer else None,
        )
        self.relay: OutboxRelay | None = None
        self._lock_engine: AsyncEngine | None = None
        if outbox_table is not None:
            self._lock_engine = dedicated_engine(
                settings.sqlalchemy_url, timeouts=settings.db_timeouts
            )
            self.relay = OutboxRelay(
                service=settings.service,
                sessions=self.sessions,
                table=outbox_table,
                producer_factory=lambda: create_producer(self.kafka, f"{settings.service}-relay"),
                batch_size=settings.relay_batch_size,
                poll_interval_s=settings.relay_poll_interval_s,
                on_connect=self.ensure_topics,
                lock_engine=self._lock_engine,
                follower_retry_s=settings.relay_follower_retry_s,
                quarantine_after=settings.relay_quarantine_after,
                max_record_bytes=settings.relay_max_record_bytes,
            )
        self.pruner: Periodic | None = None
        if outbox_table is not None:
            self.pruner = Pruner(
                service=settings.service,
                sessions=self.sessions,
                policy=RetentionPolicy(
                    settings.outbox_retention_days, settings.processed_retention_days
                ),
                outbox_table=outbox_table,
                processed_table=outbox_table.metadata.tables.get("processed_messages"),
            ).periodic(settings.prune_interval_s)
        # A topic created after we subscribed (its owner started later) is found within 10 s.
        self.broker = KafkaBroker(
            self.kafka.bootstrap,
            security=faststream_security(self.kafka),
            logger=broker_logger(),
            client_id=settings.service,
            metadata_max_age_ms=10_000,
        )
        if self.consumer is not None:
            self.consumer.register(self.broker)
        self._tasks: list[asyncio.Task[None]] = []
        self._consuming = False

    def unit_of_work(self, uow_class: type[U], *, inbox_table: sa.Table) -> U:
        """A service's unit of work on this runtime's database, outbox and relay."""
        if self._outbox_table is None or self.relay is None:
            raise RuntimeError(f"{self.settings.service} has no outbox: it publishes nothing")
        return uow_class(
            self.sessions,
            outbox_table=self._outbox_table,
            inbox_table=inbox_table,
            source=self.settings.source,
            consumer=self.settings.service,
            schema_base_url=self.settings.schema_base_url,
            after_commit=self.relay.wake,
            notify=self.relay.leads_elsewhere,
        )

    async def ensure_topics(self) -> list[str]:
        return await ensure_topics(
            self.kafka, self.topic_specs, self.settings.kafka_replication_factor
        )

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Start relay and consumers in the background: HTTP serves even while Kafka is down."""
        self._tasks = []
        if self.relay is not None:
            self._tasks.append(asyncio.create_task(self.relay.run(), name="outbox-relay"))
        if self.pruner is not None:
            self._tasks.append(asyncio.create_task(self.pruner.run(), name="retention"))
        if self.consumer is not None:
            self._tasks.append(asyncio.create_task(self._start_consumers(), name="consumers"))
        try:
            yield
        finally:
            if self.relay is not None:
                await self.relay.stop()
            if self.pruner is not None:
                await self.pruner.close()
            for task in self._tasks:
                task.cancel()
            for task in self._tasks:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
            with contextlib.suppress(Exception):
                await self.broker.stop()
            if self.consumer is not None:
                await self.consumer.stop()
            await self.engine.dispose()
            if self._lock_engine is not None:
                await self._lock_engine.dispose()

    async def _start_consumers(self) -> None:
        backoff = 0.5
        while True:
            try:
                await self.ensure_topics()
                assert self.consumer is not None
                await self.consumer.start()
                await self.broker.start()
                self._consuming = True
                log.info("consumers started", extra={"topics": self.consumer.topics})
                return
            except Exception as exc:
                log.warning(
                    "broker not reachable; consumers will retry",
                    extra={"error": type(exc).__name__, "retry_in_s": backoff},
                )
                with contextlib.suppress(Exception):
                    await self.broker.stop()
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 30.0)

    async def readiness(self) -> dict[str, bool]:
        checks = {"database": await self._database_ok(), "broker": await self._broker_ok()}
        if self.consumer is not None:
            # A consumer group takes seconds to join: not ready until events are being read.
            checks["consumers"] = self._consuming
        return checks

    async def _database_ok(self) -> bool:
        try:
            async with asyncio.timeout(2):
                async with self.engine.connect() as conn:
                    await conn.execute(sa.text("SELECT 1"))
            return True
        except Exception:
            return False

    async def _broker_ok(self) -> bool:
        admin = AIOKafkaAdminClient(**self.kafka.client_kwargs(), request_timeout_ms=2000)
        try:
            async with asyncio.timeout(3):
                await admin.start()
                await admin.list_topics()
            return True
        except Exception:
            return False
        finally:
            with contextlib.suppress(Exception):
                await admin.close()


def _parked_table(outbox_table: sa.Table | None) -> sa.Table | None:
    """The consumer's parked-event table, from the service's own metadata."""
    if outbox_table is None:
        return None
    return outbox_table.metadata.tables.get("parked_events")

"""Topic names and their explicit creation at start-up."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from t2t_shared.messaging.kafka import KafkaConnection
from t2t_shared.settings import TOPIC_RETENTION_DAYS

log = logging.getLogger(__name__)

RETENTION_30_DAYS_MS = str(int(TOPIC_RETENTION_DAYS * 24 * 3600 * 1000))
RETENTION_90_DAYS_MS = str(90 * 24 * 3600 * 1000)
HOUR_MS = 3600 * 1000

# Compacted: the latest record per person is the truth, a tombstone erases it. Without a
# maximum lag a quiet topic's segment is never rolled, so an erased person's records could
# stay on disk indefinitely; with it the broker compacts them away within a day. The
# tombstone itself is kept as long as events topics keep records: a reader that can still
# catch up on events also sees every erasure (and deletes its copy).
CONTACTS_CONFIG = {
    "cleanup.policy": "compact",
    "min.compaction.lag.ms": str(HOUR_MS),
    "max.compaction.lag.ms": str(24 * HOUR_MS),
    # A segment is only compacted once rolled; roll daily whatever the traffic, too.
    "segment.ms": str(24 * HOUR_MS),
    "delete.retention.ms": RETENTION_30_DAYS_MS,
}


@dataclass(frozen=True)
class Topics:
    """Builds every topic name from the deployment's prefix (default `t2t.`)."""

    prefix: str = "t2t."

    def events(self, service: str) -> str:
        return f"{self.prefix}{service}.events"

    def contacts(self, service: str) -> str:
        return f"{self.prefix}{service}.contacts"

    def retry(self, consumer: str) -> str:
        return f"{self.prefix}{consumer}.retry"

    def dlq(self, consumer: str) -> str:
        return f"{self.prefix}{consumer}.dlq"


@dataclass(frozen=True)
class TopicSpec:
    name: str
    partitions: int
    config: dict[str, str] = field(default_factory=dict)


def owned_topics(
    topics: Topics,
    *,
    service: str,
    partitions: int,
    publishes_events: bool = True,
    publishes_contacts: bool = False,
    consumer: str | None = None,
) -> list[TopicSpec]:
    """The topics a service writes: its events, maybe its contacts, its retry and DLQ."""
    specs = []
    if publishes_events:
        retention = {"retention.ms": RETENTION_30_DAYS_MS}
        specs.append(TopicSpec(topics.events(service), partitions, retention))
    if publishes_contacts:
        specs.append(TopicSpec(topics.contacts(service), partitions, dict(CONTACTS_CONFIG)))
    if consumer:
        specs.append(TopicSpec(topics.retry(consumer), partitions))
        specs.append(
            TopicSpec(topics.dlq(consumer), partitions, {"retention.ms": RETENTION_90_DAYS_MS})
        )
    return specs


async def ensure_topics(
    connection: KafkaConnection, specs: Iterable[TopicSpec], replication_factor: int = 1
) -> list[str]:
    """Create the topics that do not exist yet; never rely on broker auto-creation."""
    admin = AIOKafkaAdminClient(**connection.client_kwargs())
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [s for s in specs if s.name not in existing]
        if not wanted:
            return []
        new = [
            NewTopic(s.name, s.partitions, replication_factor, topic_configs=s.config)
            for s in wanted
        ]
        # Another replica may create them between our list and our create.
        with contextlib.suppress(TopicAlreadyExistsError):
            await admin.create_topics(new)
        created = [s.name for s in wanted]
        log.info("topics created", extra={"topics": created})
        return created
    finally:
        await admin.close()

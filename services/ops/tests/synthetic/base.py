"""The envelope of a synthetic record, dead letters and the platform's topics."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ops.domain.topic_selection import OBSERVED_SERVICES
from t2t_shared.envelope import CloudEvent, EventRecord, new_traceparent
from t2t_shared.messaging.failures import PermanentHandlerError, route_failure
from t2t_shared.topics import Topics, TopicSpec, owned_topics
from tests.fixtures.contract_payloads import check_payload, message_example

SCHEMAS = "https://type2together.org.uk/schemas"


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True)
class RecordMaker:
    prefix: str = "t2t."
    deployment: str = "dev"
    # Each payload is checked against the producer's published schema (docs/contract) as it
    # is made. The projections bench makes a million (not timed) and turns this off: a check
    # costs about ten times the making, and the tests already check every kind it makes.
    checked: bool = True

    def record(
        self, service: str, name: str, subject: str, data: dict[str, Any], *, at: datetime
    ) -> EventRecord:
        ce_type = f"t2t.{service}.{name}.v1"
        value = json.dumps(data, default=str).encode()
        if self.checked:
            check_payload(ce_type, value)
        ce = CloudEvent(
            id=new_id(),
            source=f"/t2t/{self.deployment}/{service}",
            type=ce_type,
            subject=subject,
            time=at,
            dataschema=f"{SCHEMAS}/{service}/{name}.v1.json",
            traceparent=new_traceparent(),
        )
        return EventRecord(
            topic=f"{self.prefix}{service}.events",
            key=subject,
            value=value,
            headers=ce.to_headers(),
            event_id=ce.id,
        )

    def example(
        self, service: str, name: str, subject: str, data: dict[str, Any], *, at: datetime
    ) -> EventRecord:
        """The contract's published example of the event, with `data` over it."""
        return self.record(
            service, name, subject, message_example(f"t2t.{service}.{name}.v1") | data, at=at
        )


def dead_letter(record: EventRecord, *, consumer: str, error: str, prefix: str) -> EventRecord:
    """`record` as the shared consumer dead-letters it after a permanent failure."""
    route = route_failure(
        consumer=consumer,
        retry_topic=f"{prefix}{consumer}.retry",
        dlq_topic=f"{prefix}{consumer}.dlq",
        delays_s=(),
        attempt=0,
        exc=PermanentHandlerError(error),
        source_topic=record.topic,
        partition=0,
        offset=0,
        headers=record.headers,
    )
    return EventRecord(route.topic, record.key, record.value, list(route.headers), record.event_id)


def platform_topics(prefix: str, partitions: int = 2) -> list[TopicSpec]:
    """Every services' events topic and DLQ, as the services create them at start-up."""
    topics = Topics(prefix)
    return [
        spec
        for service in OBSERVED_SERVICES
        for spec in owned_topics(topics, service=service, partitions=partitions, consumer=service)
    ]

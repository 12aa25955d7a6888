"""CloudEvents 1.0 in Kafka binary mode: attributes travel as `ce_` headers, the value is data."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from t2t_shared.events import IntegrationEvent

Headers = list[tuple[str, bytes]]

CONTENT_TYPE = "application/json"


def new_traceparent() -> str:
    """A fresh W3C traceparent for an event that starts a trace."""
    return f"00-{secrets.token_hex(16)}-{secrets.token_hex(8)}-01"


@dataclass(frozen=True)
class CloudEvent:
    """The CloudEvents attributes of one record."""

    id: str
    source: str
    type: str
    subject: str | None
    time: datetime
    dataschema: str | None = None
    traceparent: str | None = None
    content_type: str = CONTENT_TYPE
    specversion: str = "1.0"

    def to_headers(self) -> Headers:
        headers: Headers = [
            ("ce_specversion", self.specversion.encode()),
            ("ce_id", self.id.encode()),
            ("ce_source", self.source.encode()),
            ("ce_type", self.type.encode()),
            ("ce_time", self.time.astimezone(UTC).isoformat().replace("+00:00", "Z").encode()),
            ("content-type", self.content_type.encode()),
        ]
        if self.subject is not None:
            headers.append(("ce_subject", self.subject.encode()))
        if self.dataschema is not None:
            headers.append(("ce_dataschema", self.dataschema.encode()))
        if self.traceparent is not None:
            headers.append(("traceparent", self.traceparent.encode()))
        return headers

    @classmethod
    def from_headers(cls, headers: Iterable[tuple[str, bytes | None]]) -> CloudEvent:
        """Parse `ce_` headers; raises `MalformedEnvelope` when a required one is missing."""
        values = {k: (v or b"").decode() for k, v in headers}
        missing = [h for h in ("ce_id", "ce_source", "ce_type", "ce_time") if not values.get(h)]
        if missing:
            raise MalformedEnvelope(f"missing CloudEvents headers: {', '.join(missing)}")
        try:
            time = datetime.fromisoformat(values["ce_time"].replace("Z", "+00:00"))
        except ValueError as exc:
            raise MalformedEnvelope("ce_time is not RFC 3339") from exc
        return cls(
            id=values["ce_id"],
            source=values["ce_source"],
            type=values["ce_type"],
            subject=values.get("ce_subject"),
            time=time,
            dataschema=values.get("ce_dataschema"),
            traceparent=values.get("traceparent"),
            content_type=values.get("content-type", CONTENT_TYPE),
            specversion=values.get("ce_specversion", "1.0"),
        )


class MalformedEnvelope(ValueError):
    """A record that is not a CloudEvent we can read; it goes straight to the DLQ."""


@dataclass(frozen=True)
class EventRecord:
    """One record ready for Kafka: topic, key, value (None is a tombstone) and headers."""

    topic: str
    key: str
    value: bytes | None
    headers: Headers = field(default_factory=list)
    event_id: str = field(default_factory=lambda: str(uuid.uuid4()))


def schema_uri(base_url: str, event: type[IntegrationEvent]) -> str:
    return f"{base_url.rstrip('/')}/{event.service}/{event.event_name()}.v{event.version}.json"


def event_record(
    event: IntegrationEvent,
    *,
    topic: str,
    source: str,
    schema_base_url: str,
    traceparent: str | None = None,
    event_id: str | None = None,
    time: datetime | None = None,
) -> EventRecord:
    """Wrap a public event in its CloudEvents envelope, keyed by its aggregate id."""
    ce = CloudEvent(
        id=event_id or str(uuid.uuid4()),
        source=source,
        type=event.ce_type(),
        subject=event.subject(),
        time=time or datetime.now(UTC),
        dataschema=schema_uri(schema_base_url, type(event)),
        traceparent=traceparent or new_traceparent(),
    )
    return EventRecord(
        topic=topic,
        key=event.subject(),
        value=event.model_dump_json().encode(),
        headers=ce.to_headers(),
        event_id=ce.id,
    )


def header_value(headers: Sequence[tuple[str, bytes | None]], name: str) -> str | None:
    for key, value in headers:
        if key == name and value is not None:
            return value.decode()
    return None

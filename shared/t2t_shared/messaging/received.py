"""A record as a handler sees it: its envelope, its data, and where it came from."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

from t2t_shared.envelope import CloudEvent
from t2t_shared.kernel.event_meta import EventMeta
from t2t_shared.messaging.failures import PermanentHandlerError

M = TypeVar("M", bound=BaseModel)

Headers = list[tuple[str, bytes | None]]


@dataclass(frozen=True)
class ReceivedEvent:
    """One record of a topic, with its CloudEvents envelope when it has one."""

    ce: CloudEvent | None
    topic: str
    key: str | None
    value: bytes | None
    attempt: int = 0
    partition: int = 0
    offset: int = 0
    headers: Headers = field(default_factory=list)

    @classmethod
    def from_record(cls, record: Any, *, attempt: int = 0) -> ReceivedEvent:
        """Read a Kafka record, or anything with its topic, key, value and headers.

        As the consumer reads one: a record with a value must carry a whole envelope
        (`MalformedEnvelope` otherwise); a tombstone has none.
        """
        headers: Headers = list(record.headers or [])
        key = record.key
        return cls(
            ce=CloudEvent.from_headers(headers) if record.value is not None else None,
            topic=record.topic,
            key=key.decode() if isinstance(key, bytes) else key,
            value=record.value,
            attempt=attempt,
            partition=getattr(record, "partition", 0),
            offset=getattr(record, "offset", 0),
            headers=headers,
        )

    @property
    def is_tombstone(self) -> bool:
        return self.value is None

    def data(self) -> dict[str, Any]:
        return json.loads(self.value) if self.value else {}

    def parse(self, model: type[M]) -> M:
        """Validate the data against the consumer's own (tolerant) model."""
        return model.model_validate_json(self.value or b"{}")

    def meta(self) -> EventMeta:
        """The envelope as a handler needs it; an event without one can never be handled."""
        ce = self.ce
        if ce is None:
            raise PermanentHandlerError("record has no CloudEvents envelope")
        return EventMeta(id=ce.id, source=ce.source, type=ce.type, time=ce.time, subject=ce.subject)

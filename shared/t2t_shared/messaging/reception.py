"""A record as the consumer takes it in: from its trusted topic, with its value, enveloped.

A contact record's retry copy carries no value: it is read back from the contacts topic.
"""

from __future__ import annotations

from typing import Any

from t2t_shared.envelope import CloudEvent, header_value
from t2t_shared.messaging.failures import (
    ORIGINAL_OFFSET,
    ORIGINAL_PARTITION,
    VALUE_WITHHELD,
    PermanentHandlerError,
)
from t2t_shared.messaging.infra import InPlace
from t2t_shared.messaging.provenance import Origin
from t2t_shared.messaging.received import ReceivedEvent
from t2t_shared.messaging.source import SourceReader


async def receive(
    record: Any,
    where: Origin,
    *,
    attempt: int,
    reader: SourceReader | None,
    in_place: InPlace,
    deadline: float,
) -> tuple[ReceivedEvent, bool]:
    """The event, and whether a newer record of its key has superseded it (skip it)."""
    value, superseded = record.value, False
    if where.from_retry and header_value(where.headers, VALUE_WITHHELD):
        value, superseded = await withheld_value(reader, record, where.topic, in_place, deadline)
    event = ReceivedEvent(
        ce=CloudEvent.from_headers(where.headers) if value is not None else None,
        topic=where.topic,
        key=record.key.decode() if record.key else None,
        value=value,
        attempt=attempt,
        partition=record.partition,
        offset=record.offset,
        headers=where.headers,
    )
    return event, superseded


async def withheld_value(
    reader: SourceReader | None, record: Any, topic: str, in_place: InPlace, deadline: float
) -> tuple[bytes | None, bool]:
    """The value a contact record's retry copy left behind, read from its own topic."""
    if reader is None:
        raise PermanentHandlerError("contact record withheld and no reader to fetch it")
    headers = list(record.headers or [])
    partition = int(header_value(headers, ORIGINAL_PARTITION) or -1)
    offset = int(header_value(headers, ORIGINAL_OFFSET) or -1)
    original = await in_place.run(
        lambda: reader.read(topic, partition, offset, record.key),
        {"topic": topic, "aggregate_id": None},
        deadline,
    )
    return original.value, original.superseded

"""One record of a public topic as the console sees it: its envelope and its (tolerant) data."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

ENVELOPE = frozenset({"ce_id", "ce_source", "ce_type", "ce_time", "ce_subject"})
CE_TYPE = re.compile(r"^t2t\.(?P<service>[a-z_]+)\.(?P<name>[A-Za-z0-9]+)\.v(?P<major>\d+)$")


@dataclass(frozen=True)
class ObservedEvent:
    """A decoded public event. `data` stays inside the console: the feed shows only ids."""

    id: str
    source: str
    type: str
    service: str
    name: str
    time: datetime
    subject: str | None
    area: str | None
    topic: str
    partition: int
    offset: int
    data: Mapping[str, Any] = field(default_factory=dict)

    def text(self, name: str) -> str | None:
        value = self.data.get(name)
        return None if value is None else str(value)

    def number(self, name: str) -> float | None:
        value = self.data.get(name)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        return float(value)

    def flag(self, name: str) -> bool:
        return self.data.get(name) is True

    def moment(self, name: str) -> datetime | None:
        return parse_time(self.data.get(name))


def parse_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def header_map(headers: Sequence[tuple[str, bytes | None]]) -> dict[str, str]:
    return {k: v.decode(errors="replace") for k, v in headers if v is not None}


def decode(
    *,
    topic: str,
    partition: int,
    offset: int,
    value: bytes | None,
    headers: Sequence[tuple[str, bytes | None]],
) -> ObservedEvent | None:
    """Read a record tolerantly: None for a tombstone or a record that is not one of our events.

    Unknown fields are ignored and missing ones read as absent, so a newer minor version of
    an event (additive change) or an older one never stops the console.
    """
    if value is None:
        return None
    # Only the envelope headers read below: a rebuild decodes every record.
    h = {k: v.decode(errors="replace") for k, v in headers if v is not None and k in ENVELOPE}
    match = CE_TYPE.match(h.get("ce_type", ""))
    event_id, source = h.get("ce_id", ""), h.get("ce_source", "")
    # Ids and sources are printable (a control character could never be one of ours).
    if match is None or not event_id or not (event_id + source).isprintable():
        return None
    try:
        data = json.loads(value)
    except ValueError:
        data = {}
    if not isinstance(data, dict):
        data = {}
    time = parse_time(h.get("ce_time")) or datetime.fromtimestamp(0, UTC)
    area = data.get("area")
    return ObservedEvent(
        id=event_id,
        source=source,
        type=h["ce_type"],
        service=match["service"],
        name=match["name"],
        time=time,
        subject=h.get("ce_subject"),
        area=area if isinstance(area, str) else None,
        topic=topic,
        partition=partition,
        offset=offset,
        data=data,
    )

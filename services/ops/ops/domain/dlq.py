"""Dead letters: grouped by error, shown without personal data, and planned for redrive.

A letter arrives here already read: the adapter that reads a DLQ record splits the failure
trail the shared consumer wrote (original topic, consumer, error, ...) from the event's own
headers, so this module knows nothing of Kafka or of the header names.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from ops.domain.observed import header_map

REDRIVEN_FROM = "t2t-redriven-from"
REDRIVE_ID = "t2t-redrive-id"
MASK = "•••• masked"
VARYING = (
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I), "<id>"),
    (re.compile(r"\d+"), "<n>"),
)


def error_signature(error: str) -> str:
    """The error with ids and numbers taken out, so one cause makes one group."""
    for pattern, placeholder in VARYING:
        error = pattern.sub(placeholder, error)
    return error


@dataclass(frozen=True)
class DeadLetter:
    dlq_topic: str
    partition: int
    offset: int
    key: str | None
    value: bytes | None
    headers: tuple[tuple[str, bytes | None], ...]
    """The event's own headers (the CloudEvents envelope), without the failure trail."""
    time: datetime
    original_topic: str = ""
    consumer: str = ""
    error: str = "unknown error"
    original_partition: str | None = None
    original_offset: str | None = None
    attempt: str | None = None

    @property
    def id(self) -> str:
        return f"{self.dlq_topic}:{self.partition}:{self.offset}"

    @property
    def meta(self) -> dict[str, str]:
        return header_map(self.headers)

    @property
    def restricted(self) -> bool:
        """Contact records carry personal data: their values are never shown."""
        return self.original_topic.endswith(".contacts")

    @property
    def group(self) -> str:
        text = f"{self.consumer}|{error_signature(self.error)}"
        return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:12]

    def redrive_headers(self, redrive_id: str) -> list[tuple[str, bytes]]:
        """The event's own headers, plus where it came back from."""
        kept = [(k, v) for k, v in self.headers if v is not None]
        return [*kept, (REDRIVEN_FROM, self.id.encode()), (REDRIVE_ID, redrive_id.encode())]

    def view(self, *, reveal: bool = False) -> dict[str, object]:
        """Headers and key always; the value only on request, and never for contact records."""
        meta = self.meta
        shown = reveal and not self.restricted and self.value is not None
        return {
            "id": self.id,
            "dlq_topic": self.dlq_topic,
            "partition": self.partition,
            "offset": self.offset,
            "key": self.key,
            "time": self.time,
            "consumer": self.consumer,
            "original_topic": self.original_topic,
            "original_partition": self.original_partition,
            "original_offset": self.original_offset,
            "attempt": self.attempt,
            "error": self.error,
            "group": self.group,
            "type": meta.get("ce_type"),
            "event_id": meta.get("ce_id"),
            "subject": meta.get("ce_subject"),
            "restricted": self.restricted,
            "value": (self.value or b"").decode(errors="replace") if shown else MASK,
        }


@dataclass(frozen=True)
class DlqGroup:
    group: str
    consumer: str
    error: str
    count: int
    original_topics: list[str]
    first_seen: datetime
    last_seen: datetime
    message_ids: list[str]


@dataclass
class DeadLetters:
    """Every dead letter seen, and which of them were redriven (those leave the list)."""

    entries: dict[str, DeadLetter] = field(default_factory=dict)
    redriven: set[str] = field(default_factory=set)

    def add(self, letter: DeadLetter) -> None:
        self.entries[letter.id] = letter

    def mark_redriven(self, ids: Iterable[str]) -> None:
        self.redriven.update(ids)

    def waiting(self) -> list[DeadLetter]:
        return [e for i, e in self.entries.items() if i not in self.redriven]

    def groups(self) -> list[DlqGroup]:
        by_group: dict[str, list[DeadLetter]] = {}
        for letter in self.waiting():
            by_group.setdefault(letter.group, []).append(letter)
        return sorted(
            (_summary(key, letters) for key, letters in by_group.items()),
            key=lambda g: (-g.count, g.consumer, g.error),
        )

    def select(
        self, *, ids: Sequence[str] = (), group: str | None = None, dlq_topic: str | None = None
    ) -> list[DeadLetter]:
        """What a redrive would take: named messages, a whole group, or a whole DLQ."""
        if not ids and group is None and dlq_topic is None:
            raise ValueError("name the messages, the group or the DLQ to redrive")
        unknown = [i for i in ids if i not in self.entries or i in self.redriven]
        if unknown:
            raise KeyError(f"not waiting in a DLQ: {', '.join(unknown)}")
        return [
            letter
            for letter in self.waiting()
            if (not ids or letter.id in ids)
            and (group is None or letter.group == group)
            and (dlq_topic is None or letter.dlq_topic == dlq_topic)
        ]


def _summary(key: str, letters: list[DeadLetter]) -> DlqGroup:
    letters.sort(key=lambda e: (e.time, e.id))
    return DlqGroup(
        group=key,
        consumer=letters[0].consumer,
        error=letters[-1].error,
        count=len(letters),
        original_topics=sorted({e.original_topic for e in letters}),
        first_seen=letters[0].time,
        last_seen=letters[-1].time,
        message_ids=[e.id for e in letters],
    )

"""What a consumer handles: handlers by topic and CloudEvents type, and the event they get."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

from t2t_shared.envelope import CloudEvent
from t2t_shared.messaging.failures import PermanentHandlerError

M = TypeVar("M", bound=BaseModel)

_VERSIONED = re.compile(r"^(?P<stem>.+)\.v(?P<major>\d+)$")


class UnknownEventVersion(PermanentHandlerError):
    """A known event type in a major version this consumer was not written for."""


@dataclass(frozen=True)
class ReceivedEvent:
    """A record as a handler sees it: its envelope, its data, and where it came from."""

    ce: CloudEvent | None
    topic: str
    key: str | None
    value: bytes | None
    attempt: int = 0
    partition: int = 0
    offset: int = 0
    headers: list[tuple[str, bytes | None]] = field(default_factory=list)

    @property
    def is_tombstone(self) -> bool:
        return self.value is None

    def data(self) -> dict[str, Any]:
        return json.loads(self.value) if self.value else {}

    def parse(self, model: type[M]) -> M:
        """Validate the data against the consumer's own (tolerant) model."""
        return model.model_validate_json(self.value or b"{}")


Handler = Callable[[ReceivedEvent], Awaitable[None]]


@dataclass
class Routes:
    """Handlers by topic, then by CloudEvents type (`*` for every record of the topic)."""

    by_topic: dict[str, dict[str, Handler]] = field(default_factory=dict)

    def on(self, topic: str, ce_type: str = "*") -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.by_topic.setdefault(topic, {})[ce_type] = handler
            return handler

        return register

    def add(self, topic: str, ce_type: str, handler: Handler) -> None:
        self.by_topic.setdefault(topic, {})[ce_type] = handler

    def find(self, topic: str, ce_type: str | None) -> Handler | None:
        handlers = self.by_topic.get(topic, {})
        return handlers.get(ce_type or "", handlers.get("*"))

    def resolve(self, topic: str, ce_type: str | None) -> Handler | None:
        """The handler, or None for a type this consumer does not act on.

        A type it does act on, in a major version it has no handler for, raises
        `UnknownEventVersion` (dead-lettered): ignoring it would silently drop the event.
        """
        handler = self.find(topic, ce_type)
        handlers = self.by_topic.get(topic, {})
        if ce_type is None or ce_type in handlers:
            return handler
        match = _VERSIONED.match(ce_type)
        if match is None:
            return handler
        stem = match["stem"]
        known = sorted(t for t in handlers if (m := _VERSIONED.match(t)) and m["stem"] == stem)
        if known:
            raise UnknownEventVersion(f"{ce_type} has no handler; handled: {', '.join(known)}")
        return handler

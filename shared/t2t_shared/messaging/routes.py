"""What a consumer handles: typed handlers by event model, raw ones by topic.

A consumed event model names its CloudEvents type in `CE_TYPE`; the type's second part is
the producing service, whose events topic the handler is subscribed to:

    routes = Routes(topics)

    @routes.on(ReferralAccepted)
    async def accepted(event: ReferralAccepted, meta: EventMeta) -> None: ...

Records without an envelope of their own (a compacted contacts topic's tombstones) are
taken raw, with `on_record(topic)`. `deliver` runs one record through the wiring in memory,
as the consumer does, so unit tests drive the real routes.

`handle_first(topic, ...)` has a batch's records of those topics handled before the others
(what the others need, published first, is then there). `on_batch(handler)` hands the
records of a batch the consumer admits to one handler at once (one transaction for the
lot); if it raises, each record is handled on its own as usual.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar, overload

from pydantic import BaseModel

from t2t_shared.kernel.event_meta import EventMeta
from t2t_shared.messaging.failures import PermanentHandlerError
from t2t_shared.messaging.provenance import check_source
from t2t_shared.messaging.received import ReceivedEvent
from t2t_shared.topics import Topics

__all__ = [
    "BatchHandler",
    "Handler",
    "ReceivedEvent",
    "Routes",
    "UnknownEventVersion",
    "ce_type_of",
]

E = TypeVar("E", bound=BaseModel)
H = TypeVar("H", bound=Callable[..., Awaitable[None]])

Handler = Callable[[ReceivedEvent], Awaitable[None]]
TypedHandler = Callable[[E, EventMeta], Awaitable[None]]
# Handles the admitted records of a batch, in order, all or nothing: raising undoes them all.
BatchHandler = Callable[[Sequence[ReceivedEvent]], Awaitable[None]]

_VERSIONED = re.compile(r"^(?P<stem>.+)\.v(?P<major>\d+)$")
_CE_TYPE = re.compile(r"^t2t\.(?P<service>[a-z0-9_-]+)\.[A-Za-z0-9]+\.v\d+$")


class UnknownEventVersion(PermanentHandlerError):
    """A known event type in a major version this consumer was not written for."""


def ce_type_of(model: type[BaseModel]) -> str:
    """The model's own `CE_TYPE`: declared on the class itself, so a subclass never
    silently answers to its parent's type."""
    ce_type = model.__dict__.get("CE_TYPE")
    if not isinstance(ce_type, str):
        raise TypeError(f"{model.__name__} declares no CE_TYPE: ClassVar[str]")
    return ce_type


class Routes:
    """Handlers by topic, then by CloudEvents type (`*` for every record of the topic)."""

    def __init__(self, topics: Topics | None = None) -> None:
        self.topics = topics or Topics()
        self.by_topic: dict[str, dict[str, Handler]] = {}
        self.first: frozenset[str] = frozenset()
        self.batch_handler: BatchHandler | None = None

    def handle_first(self, *topics: str) -> None:
        """A batch's records of these topics are handled before its other records."""
        self.first = self.first | frozenset(topics)

    def on_batch(self, handler: BatchHandler) -> BatchHandler:
        """Register the handler of a batch's admitted records (one at most)."""
        if self.batch_handler is not None:
            raise ValueError("routes already have a batch handler")
        self.batch_handler = handler
        return handler

    @overload
    def on(self, model: type[E], /) -> Callable[[TypedHandler[E]], TypedHandler[E]]: ...

    @overload
    def on(
        self, first: type[BaseModel], second: type[BaseModel], /, *more: type[BaseModel]
    ) -> Callable[[H], H]: ...

    def on(self, *models: type[BaseModel]) -> Callable[[Any], Any]:
        """Register `handler(event, meta)` for each model's `CE_TYPE` on its producer's topic.

        With several models the handler's event parameter is their union (or a base).
        """
        if not models:
            raise TypeError("routes.on needs at least one event model")
        types = [(ce_type_of(model), model) for model in models]

        def register(handler: Any) -> Any:
            for ce_type, model in types:
                self.on_type(ce_type, model)(handler)
            return handler

        return register

    def on_type(self, ce_type: str, model: type[E]) -> Callable[[TypedHandler[E]], TypedHandler[E]]:
        """As `on`, for a type named apart from the model: one model that reads several
        types (two major versions of one event, say)."""
        match = _CE_TYPE.match(ce_type)
        if match is None:
            raise ValueError(f"{ce_type!r} is not a t2t.<service>.<Event>.v<major> type")
        topic = self.topics.events(match["service"])

        def register(handler: TypedHandler[E]) -> TypedHandler[E]:
            async def typed(event: ReceivedEvent) -> None:
                meta = event.meta()
                await handler(event.parse(model), meta)

            self.add(topic, ce_type, typed)
            return handler

        return register

    def on_record(self, topic: str, ce_type: str = "*") -> Callable[[Handler], Handler]:
        """Register `handler(received)` for the raw records of a topic (of one type)."""

        def register(handler: Handler) -> Handler:
            self.add(topic, ce_type, handler)
            return handler

        return register

    def add(self, topic: str, ce_type: str, handler: Handler) -> None:
        handlers = self.by_topic.setdefault(topic, {})
        if ce_type in handlers:
            raise ValueError(f"{ce_type} on {topic} already has a handler")
        handlers[ce_type] = handler

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

    async def deliver(self, record: ReceivedEvent | Any) -> bool:
        """Hand one record to its handler in memory, as the consumer would; False if no
        handler takes it. Raises what the consumer would dead-letter or retry: a record
        without an envelope on an events topic, or whose `ce_source` is not the topic's
        owner (any deployment), is refused as `UntrustedRecord`."""
        event = record if isinstance(record, ReceivedEvent) else ReceivedEvent.from_record(record)
        check_source(
            prefix=self.topics.prefix,
            deployment=None,
            topic=event.topic,
            ce=event.ce,
            tombstone=event.is_tombstone,
        )
        handler = self.resolve(event.topic, event.ce.type if event.ce else None)
        if handler is None:
            return False
        await handler(event)
        return True

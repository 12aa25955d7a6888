"""Kafka entrypoints: each rule's event, parsed, and every contacts record, to the handlers."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Protocol

from notifications import consumed_events as inbound
from notifications.service_layer import handlers
from notifications.service_layer.consumer_batches import (
    ContactRecord,
    Item,
    RuleEvent,
    handle_batch,
)
from notifications.service_layer.contact_details import Contact, recipient_of
from notifications.service_layer.planning import Planning
from notifications.service_layer.rules import RULES, Rule
from notifications.service_layer.unit_of_work import UnitOfWork
from t2t_shared.kernel.event_meta import EventMeta
from t2t_shared.messaging.failures import PermanentHandlerError
from t2t_shared.messaging.routes import ReceivedEvent, Routes
from t2t_shared.topics import Topics


class Waking(Protocol):
    def wake(self) -> None: ...


class Container(Protocol):
    """What the routes need of the composition root (bootstrap's Container has it all)."""

    @property
    def topics(self) -> Topics: ...

    @property
    def planning(self) -> Planning: ...

    @property
    def dispatcher(self) -> Waking: ...

    def uow(self) -> UnitOfWork: ...


CONTACT_SERVICES = ("referrals", "volunteers")


def build_routes(container: Container) -> Routes:
    """One route per rule's event type; every contacts record; other types are ignored."""
    routes = Routes(container.topics)
    for rule in RULES.values():
        # The rule names its type: one model may read several (ReferralReceived v1 and v2).
        routes.on_type(rule.ce_type, rule.model)(_on(rule, container))
    routes.on_batch(_on_batch(container))
    contact = _on_contact(container)
    for service in CONTACT_SERVICES:
        routes.on_record(container.topics.contacts(service))(contact)
        # Published before the events that need it, and usually in the same batch: handled
        # first, those events find their recipient instead of waiting for the record.
        routes.handle_first(container.topics.contacts(service))
    return routes


def _on(rule: Rule, container: Container) -> Callable[[Any, EventMeta], Awaitable[None]]:
    async def handle(event: Any, meta: EventMeta) -> None:
        planned = await handlers.on_event(rule, event, meta, container.uow(), container.planning)
        if planned:
            container.dispatcher.wake()

    return handle


CONTACT_MODELS: dict[str, type[Contact]] = {
    model.CE_TYPE: model
    for model in (inbound.PersonContact, inbound.ReferrerContact, inbound.VolunteerContact)
}


def _on_batch(container: Container) -> Callable[[Sequence[ReceivedEvent]], Awaitable[None]]:
    contacts = {container.topics.contacts(service) for service in CONTACT_SERVICES}

    async def batch(events: Sequence[ReceivedEvent]) -> None:
        items = [item for event in events if (item := _item(event, contacts)) is not None]
        if items:
            planned = await handle_batch(items, container.uow(), container.planning)
            if planned:
                container.dispatcher.wake()

    return batch


def _item(event: ReceivedEvent, contacts: set[str]) -> Item | None:
    """The record as the batch's use case takes it; None for one it does nothing with."""
    meta = event.meta()
    if event.topic in contacts:
        contact = _contact(event)
        if contact is None:
            return None
        return ContactRecord(recipient_of(contact), event.topic, contact.version)
    rule = RULES[meta.type]
    return RuleEvent(rule, event.parse(rule.model), meta)


def _on_contact(container: Container) -> Callable[[ReceivedEvent], Awaitable[None]]:
    async def contact(event: ReceivedEvent) -> None:
        if event.is_tombstone:
            if event.key is None:
                raise PermanentHandlerError("tombstone without a key")
            await handlers.erase_recipient(uuid.UUID(event.key), container.uow(), event.topic)
            return
        record = _contact(event)
        if record is None:
            return
        uow, planning = container.uow(), container.planning
        if await handlers.record_contact(record, uow, planning, event.topic):
            container.dispatcher.wake()

    return contact


def _contact(event: ReceivedEvent) -> Contact | None:
    """The contact record on a contacts topic; None for a type notifications does not read."""
    model = CONTACT_MODELS.get(event.meta().type)
    return event.parse(model) if model is not None else None

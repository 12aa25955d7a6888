"""Kafka entrypoints: translate records into handler calls, nothing more."""

from __future__ import annotations

import uuid
from typing import Protocol

from notifications import consumed_events as inbound
from notifications.service_layer import handlers
from notifications.service_layer.planning import Planning
from notifications.service_layer.rules import RULES, Rule
from notifications.service_layer.unit_of_work import UnitOfWork
from t2t_shared.messaging.consumer import Handler, ReceivedEvent, Routes
from t2t_shared.messaging.failures import PermanentHandlerError
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


PERSON_CONTACT = "t2t.referrals.PersonContact.v1"
REFERRER_CONTACT = "t2t.referrals.ReferrerContact.v1"
VOLUNTEER_CONTACT = "t2t.volunteers.VolunteerContact.v1"
CONTACT_SERVICES = ("referrals", "volunteers")


def _meta(event: ReceivedEvent) -> handlers.EventMeta:
    if event.ce is None:
        raise PermanentHandlerError("record has no CloudEvents envelope")
    return handlers.EventMeta(id=event.ce.id, source=event.ce.source, type=event.ce.type)


def build_routes(container: Container) -> Routes:
    """One route per rule's event type; every contacts record; other types are ignored."""
    routes = Routes()
    for rule in RULES.values():
        routes.add(container.topics.events(rule.service), rule.ce_type, _on(rule, container))
    for service in CONTACT_SERVICES:
        routes.add(container.topics.contacts(service), "*", _on_contact(container))
    return routes


def _on(rule: Rule, container: Container) -> Handler:
    async def handle(event: ReceivedEvent) -> None:
        planned = await handlers.on_event(
            rule, event.parse(rule.model), _meta(event), container.uow(), container.planning
        )
        if planned:
            container.dispatcher.wake()

    return handle


def _on_contact(container: Container) -> Handler:
    async def contact(event: ReceivedEvent) -> None:
        if event.is_tombstone:
            if event.key is None:
                raise PermanentHandlerError("tombstone without a key")
            await handlers.erase_recipient(uuid.UUID(event.key), container.uow(), event.topic)
            return
        meta, planning, uow = _meta(event), container.planning, container.uow()
        planned = 0
        if meta.type == PERSON_CONTACT:
            person = event.parse(inbound.PersonContact)
            planned = await handlers.record_person_contact(person, uow, planning, event.topic)
        elif meta.type == REFERRER_CONTACT:
            referrer = event.parse(inbound.ReferrerContact)
            planned = await handlers.record_referrer_contact(referrer, uow, planning, event.topic)
        elif meta.type == VOLUNTEER_CONTACT:
            volunteer = event.parse(inbound.VolunteerContact)
            planned = await handlers.record_volunteer_contact(volunteer, uow, planning, event.topic)
        if planned:
            container.dispatcher.wake()

    return contact

"""Kafka entrypoints: translate records into handler calls, nothing more."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from notifications import consumed_events as inbound
from notifications.service_layer import handlers
from t2t_shared.messaging.consumer import ReceivedEvent, Routes
from t2t_shared.messaging.failures import PermanentHandlerError

if TYPE_CHECKING:
    from notifications.bootstrap import Container

REFERRAL_RECEIVED = handlers.REFERRAL_RECEIVED
PERSON_CONTACT = "t2t.referrals.PersonContact.v1"
REFERRER_CONTACT = "t2t.referrals.ReferrerContact.v1"


def _meta(event: ReceivedEvent) -> handlers.EventMeta:
    if event.ce is None:
        raise PermanentHandlerError("record has no CloudEvents envelope")
    return handlers.EventMeta(id=event.ce.id, source=event.ce.source, type=event.ce.type)


def build_routes(container: Container) -> Routes:
    routes = Routes()
    events = container.topics.events("referrals")
    contacts = container.topics.contacts("referrals")

    planning = handlers.Planning(contact_target_days=container.settings.contact_target_days)

    @routes.on(events, REFERRAL_RECEIVED)
    async def referral_received(event: ReceivedEvent) -> None:
        added = await handlers.on_referral_received(
            event.parse(inbound.ReferralReceived), _meta(event), container.uow(), planning
        )
        if added:
            container.dispatcher.wake()

    @routes.on(contacts)
    async def contact(event: ReceivedEvent) -> None:
        if event.is_tombstone:
            if event.key is None:
                raise PermanentHandlerError("tombstone without a key")
            await handlers.erase_recipient(uuid.UUID(event.key), container.uow())
            return
        meta = _meta(event)
        planned = 0
        if meta.type == PERSON_CONTACT:
            contact = event.parse(inbound.PersonContact)
            planned = await handlers.record_person_contact(contact, container.uow(), planning)
        elif meta.type == REFERRER_CONTACT:
            referrer = event.parse(inbound.ReferrerContact)
            planned = await handlers.record_referrer_contact(referrer, container.uow(), planning)
        if planned:
            container.dispatcher.wake()

    return routes

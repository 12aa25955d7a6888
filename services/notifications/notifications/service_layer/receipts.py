"""Delivery receipts (GOV.UK Notify's callbacks): delivered, or failed and why."""

from __future__ import annotations

import uuid
from datetime import datetime

from notifications.domain.model import Attempt, Notification, Status
from notifications.events import NotificationDelivered, NotificationFailed, event_fields
from notifications.service_layer.outcomes import FailureReason, failure_event
from notifications.service_layer.unit_of_work import UnitOfWork
from t2t_shared.topics import Topics

# Notify's own statuses (https://docs.notifications.service.gov.uk/python.html#status).
DELIVERED = "delivered"
PERMANENT = "permanent-failure"
# Notify retried for days (the phone off) or failed itself: given up, never resent, since
# a second send under the same reference would be a second accept of one message.
GIVEN_UP = {"temporary-failure", "technical-failure"}
# Still on its way: says nothing we do not know, and never moves a message back.
IN_PROGRESS = {"created", "sending", "pending", "sent"}
KNOWN_STATUSES = {DELIVERED, PERMANENT, *GIVEN_UP, *IN_PROGRESS}


class UnknownNotification(Exception):
    """The receipt's reference is none of our notifications."""


class NotYetRecorded(Exception):
    """The receipt beat our own record of the send: the provider should call again."""


async def on_delivery_receipt(
    reference: uuid.UUID,
    status: str,
    provider: str,
    at: datetime,
    uow: UnitOfWork,
    topics: Topics,
) -> str:
    """Apply a receipt once: returns what it did (`delivered`, `failed`, `ignored`).

    Only a message we hold as `sent` moves, and only forwards: a repeated, late or
    in-progress receipt after it was delivered or failed is ignored.
    """
    async with uow:
        n = await uow.notifications.lock(reference)
        if n is None:
            raise UnknownNotification(str(reference))
        if n.status is Status.SENDING or n.unresolved_at is not None:
            # Being recorded, or its lost answer not yet looked up: Notify calls again.
            raise NotYetRecorded(str(reference))
        if n.status is not Status.SENT or status in IN_PROGRESS:
            # Already settled by an earlier receipt (providers repeat them), or not ours to move.
            return "ignored"
        outcome = _apply(n, status)
        event: NotificationDelivered | NotificationFailed | None = None
        if outcome == "delivered":
            await uow.notifications.mark_delivered(n.id, at)
            event = NotificationDelivered(**event_fields(n), delivered_at=at, provider=provider)
        else:
            await uow.notifications.update([n])
            code: FailureReason = "undeliverable" if status == PERMANENT else "retries_exhausted"
            event = failure_event(n, code, at)
        await uow.notifications.record_attempts([Attempt(n.id, at, provider, f"receipt: {status}")])
        if event is not None:
            await uow.outbox.add_events([event], topic=topics.events("notifications"))
        await uow.commit()
    return outcome


def _apply(n: Notification, status: str) -> str:
    if status == DELIVERED:
        n.status = Status.DELIVERED
        return "delivered"
    n.status, n.last_error = Status.FAILED, status
    return "failed"

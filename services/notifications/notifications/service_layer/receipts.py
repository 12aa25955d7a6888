"""Delivery receipts (GOV.UK Notify's callbacks): delivered, or failed and why."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from notifications.domain.model import Attempt, Notification, Status
from notifications.events import NotificationDelivered, NotificationFailed, event_fields
from notifications.service_layer.unit_of_work import UnitOfWork
from t2t_shared.topics import Topics

# Notify's own statuses (https://docs.notifications.service.gov.uk/python.html#status).
DELIVERED = "delivered"
PERMANENT = "permanent-failure"
RETRYABLE = {"temporary-failure", "technical-failure"}
KNOWN_STATUSES = {DELIVERED, PERMANENT, *RETRYABLE}


class UnknownNotification(Exception):
    """The receipt's reference is none of our notifications."""


class NotYetRecorded(Exception):
    """The receipt beat our own record of the send: the provider should call again."""


@dataclass(frozen=True)
class ReceiptPolicy:
    max_attempts: int = 5
    # Phones that were off get a new try later, not seconds later.
    retry_after: timedelta = timedelta(minutes=15)


async def on_delivery_receipt(
    reference: uuid.UUID,
    status: str,
    provider: str,
    at: datetime,
    uow: UnitOfWork,
    topics: Topics,
    policy: ReceiptPolicy = ReceiptPolicy(),
) -> str:
    """Apply a receipt once: returns what it did (`delivered`, `failed`, `retry`, `ignored`)."""
    async with uow:
        n = await uow.notifications.lock(reference)
        if n is None:
            raise UnknownNotification(str(reference))
        if n.status is Status.SENDING:
            raise NotYetRecorded(str(reference))
        if n.status is not Status.SENT:
            # Already settled by an earlier receipt (providers repeat them), or not ours to move.
            return "ignored"
        outcome = _apply(n, status, at, policy)
        event: NotificationDelivered | NotificationFailed | None = None
        if outcome == "delivered":
            await uow.notifications.mark_delivered(n.id, at)
            event = NotificationDelivered(**event_fields(n), delivered_at=at, provider=provider)
        else:
            await uow.notifications.update([n])
            if outcome == "failed":
                reason = "undeliverable" if status == PERMANENT else "retries_exhausted"
                event = NotificationFailed(**event_fields(n), reason=reason, failed_at=at)
        await uow.notifications.record_attempts([Attempt(n.id, at, provider, f"receipt: {status}")])
        if event is not None:
            await uow.outbox.add_events([event], topic=topics.events("notifications"))
        await uow.commit()
    return outcome


def _apply(n: Notification, status: str, at: datetime, policy: ReceiptPolicy) -> str:
    if status == DELIVERED:
        n.status = Status.DELIVERED
        return "delivered"
    if status in RETRYABLE and n.attempts < policy.max_attempts:
        n.status, n.due_at, n.last_error = Status.PENDING, at + policy.retry_after, status
        return "retry"
    n.status, n.last_error = Status.FAILED, status
    return "failed"

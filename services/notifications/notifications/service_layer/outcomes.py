"""What became of a send: the outcome recorded, the event published, the line logged."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from prometheus_client import Counter

from notifications.domain.messages import ProviderReceipt
from notifications.domain.model import Attempt, Notification, Status
from notifications.events import FailureCode, NotificationFailed, NotificationSent, event_fields
from notifications.service_layer.unit_of_work import UnitOfWork
from t2t_shared.events import IntegrationEvent

log = logging.getLogger("notifications.service_layer.dispatcher")

SENT = Counter("t2t_notifications_total", "Notifications by outcome", ["channel", "outcome"])

FailureReason = FailureCode
Reason = Literal[
    "no_address",
    "rejected_by_provider",
    "retries_exhausted",
    "template_error",
    "interrupted",
    "undeliverable",
]

# The published `reason` of the finer codes added later: its values are a closed set that
# older readers know, so a new code goes out as the nearest old one plus `failure_code`.
NEAREST: dict[str, Reason] = {
    "provider_unavailable": "retries_exhausted",
    "outcome_unknown": "interrupted",
    "contact_details_missing": "no_address",
}
# Failures that are the recipient's and permanent: what referrals counts as a contact.
RECIPIENT = {"no_address", "rejected_by_provider", "undeliverable"}


@dataclass
class Outcome:
    """What became of one send, recorded with the others of its round in one transaction."""

    notification: Notification
    outcome: str
    provider: str | None = None
    error: str | None = None
    message_id: str | None = None
    event: NotificationSent | NotificationFailed | None = None
    at: datetime = field(default_factory=lambda: datetime.now(UTC))


def sent(n: Notification, receipt: ProviderReceipt, at: datetime) -> Outcome:
    n.status, n.sent_at, n.last_error = Status.SENT, at, None
    event = NotificationSent(**event_fields(n), sent_at=at, provider=receipt.provider)
    return Outcome(n, "sent", receipt.provider, message_id=receipt.provider_message_id, event=event)


def failed(
    n: Notification,
    reason: FailureReason,
    provider: str | None,
    at: datetime,
    error: str | None = None,
    *,
    recipient: bool = True,
    status: Status = Status.FAILED,
) -> Outcome:
    """`recipient=False`: a code that may be the recipient's is ours this time."""
    n.status, n.last_error = status, error or reason
    return Outcome(n, reason, provider, error, event=failure_event(n, reason, at, recipient), at=at)


def failure_event(
    n: Notification, code: FailureReason, at: datetime, recipient: bool = True
) -> NotificationFailed:
    scope = "recipient" if recipient and code in RECIPIENT else "platform"
    reason: Reason = NEAREST.get(code) or code  # type: ignore[assignment]
    return NotificationFailed(
        **event_fields(n), reason=reason, failed_at=at, scope=scope, failure_code=code
    )


def wait(
    n: Notification,
    due: datetime,
    outcome: str,
    marker: str,
    provider: str | None = None,
    error: str | None = None,
    *,
    counted: bool = False,
) -> Outcome:
    """Back to pending until `due`; only a real try at the recipient counts an attempt."""
    n.status, n.due_at, n.last_error = Status.PENDING, due, marker
    if not counted:
        n.attempts -= 1
    return Outcome(n, outcome, provider, error or marker)


def log_outcome(o: Outcome) -> None:
    """Ids, template and channel only: never an address or a name."""
    n = o.notification
    channel = n.channel.value if n.channel else "none"
    SENT.labels(channel, o.outcome).inc()
    log.info(
        "notification %s",
        o.outcome,
        extra={
            "notification_id": str(n.id),
            "event_id": n.cause_event_id,
            "event_type": n.cause_type,
            "aggregate_id": n.subject_id,
            "template": n.template,
            "channel": channel,
        },
    )


async def record_outcomes(
    uow_factory: Callable[[], UnitOfWork], outcomes: Sequence[Outcome], topic: str
) -> None:
    """A round's outcomes, attempts and events in one transaction, if the claims hold."""
    if not outcomes:
        return
    async with uow_factory() as uow:
        owned = await uow.claims.settle(
            [o.notification for o in outcomes], [attempt_of(o) for o in outcomes]
        )
        for o in outcomes:
            if o.notification.id not in owned:
                # Another claim settled it meanwhile (judged abandoned): that one stands.
                # What this sender saw is kept as an attempt (marked late), for the follow-up.
                o.outcome, o.event = f"late: {o.outcome}", None
        events: list[IntegrationEvent] = [o.event for o in outcomes if o.event is not None]
        await uow.outbox.add_events(events, topic=topic)
        await uow.commit()
    for o in outcomes:
        log_outcome(o)


async def write_outcomes(uow: UnitOfWork, outcomes: Sequence[Outcome], topic: str) -> None:
    """Their attempts and events, in the caller's transaction."""
    await uow.notifications.record_attempts([attempt_of(o) for o in outcomes])
    events: list[IntegrationEvent] = [o.event for o in outcomes if o.event is not None]
    await uow.outbox.add_events(events, topic=topic)


def attempt_of(o: Outcome) -> Attempt:
    return Attempt(o.notification.id, o.at, o.provider, o.outcome, o.message_id, o.error)

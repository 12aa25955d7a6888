"""What became of a send: the outcome recorded, the event published, the line logged."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from prometheus_client import Counter

from notifications.domain.messages import ProviderReceipt
from notifications.domain.model import Notification, Status
from notifications.events import NotificationFailed, NotificationSent, event_fields

log = logging.getLogger("notifications.service_layer.dispatcher")

SENT = Counter("t2t_notifications_total", "Notifications by outcome", ["channel", "outcome"])

FailureReason = Literal[
    "no_address", "rejected_by_provider", "retries_exhausted", "template_error", "interrupted"
]


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
) -> Outcome:
    n.status, n.last_error = Status.FAILED, error or reason
    event = NotificationFailed(**event_fields(n), reason=reason, failed_at=at)
    return Outcome(n, reason, provider, error, event=event, at=at)


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

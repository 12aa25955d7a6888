"""Recipients and the notifications planned for them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from t2t_shared.kernel.event_meta import EventMeta


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


class Category(StrEnum):
    """What a recipient may opt out of: service messages, or reminders."""

    SERVICE = "service"
    REMINDERS = "reminders"


class Status(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"
    CANCELLED = "cancelled"
    # The provider may have it (a reply lost after sending); never resent, followed up.
    OUTCOME_UNKNOWN = "outcome_unknown"


class RecipientKind(StrEnum):
    PERSON = "person"
    REFERRER = "referrer"
    VOLUNTEER = "volunteer"
    COORDINATORS = "coordinators"


@dataclass
class Recipient:
    """A person or organisation we may write to, from the contacts topics (or settings)."""

    id: uuid.UUID
    kind: str
    name: str
    email: str | None = None
    mobile: str | None = None
    preferred_channel: Channel = Channel.EMAIL
    consent: bool = False
    # Kind-specific extras used only when rendering, e.g. a volunteer's supervisor.
    details: dict[str, str] = field(default_factory=dict)
    area: str | None = None

    def address(self, channel: Channel) -> str | None:
        return self.email if channel is Channel.EMAIL else self.mobile

    def channel_for(
        self, allowed: tuple[Channel, ...], preferred: Channel | None = None
    ) -> Channel | None:
        """The preferred channel if we have its address, else any other allowed one we have."""
        first = preferred or self.preferred_channel
        order = [first, *[c for c in allowed if c is not first]]
        return next((c for c in order if c in allowed and self.address(c)), None)


@dataclass(frozen=True)
class Planned:
    """One message an event calls for: to whom, which template, when.

    The channel is chosen when it is sent, from the latest contact record and preferences.
    `key` replaces the cause event id in the once-only key when several events may plan
    the same message (a session's reminder is one per session time, whoever planned it).
    """

    recipient_id: uuid.UUID
    recipient_kind: str
    template: str
    data: dict[str, Any] = field(default_factory=dict)
    category: Category = Category.SERVICE
    due_at: datetime | None = None
    key: str | None = None
    # The aggregate it is about, when not the cause event's (a reminder: the group).
    subject_id: str | None = None
    # A direct message waits for the recipient's contact record; a fan-out does not.
    needs_contact: bool = True


@dataclass
class Notification:
    id: uuid.UUID
    cause_event_id: str
    cause_type: str
    subject_id: str
    recipient_id: uuid.UUID
    recipient_kind: str
    template: str
    channel: Channel | None
    status: Status
    data: dict[str, Any]
    created_at: datetime
    due_at: datetime
    attempts: int = 0
    sent_at: datetime | None = None
    last_error: str | None = None
    area: str = ""
    category: Category = Category.SERVICE
    delivered_at: datetime | None = None
    # The claim this copy was taken under (the fencing token of its settling write).
    claim: int = 0
    unresolved_at: datetime | None = None


@dataclass(frozen=True)
class Attempt:
    """One try at sending a notification, and what the provider said."""

    notification_id: uuid.UUID
    attempted_at: datetime
    provider: str | None
    outcome: str
    provider_message_id: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class NotificationFilter:
    """What operations ask of the history; None matches anything."""

    status: str | None = None
    channel: str | None = None
    template: str | None = None
    subject_id: str | None = None
    since: datetime | None = None
    limit: int = 100


def notification_for(
    plan: Planned, meta: EventMeta, subject_id: str, area: str, now: datetime
) -> Notification:
    """The row a planned message becomes, pending until due; keyed by event or plan key."""
    return Notification(
        id=uuid.uuid4(),
        cause_event_id=plan.key or meta.id,
        cause_type=meta.type,
        subject_id=plan.subject_id or subject_id,
        recipient_id=plan.recipient_id,
        recipient_kind=plan.recipient_kind,
        template=plan.template,
        channel=None,
        status=Status.PENDING,
        data=plan.data,
        created_at=now,
        due_at=plan.due_at or now,
        area=area,
        category=plan.category,
    )

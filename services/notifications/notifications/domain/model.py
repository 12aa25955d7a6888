"""Recipients and the notifications planned for them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Channel(StrEnum):
    EMAIL = "email"
    SMS = "sms"


class Status(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass
class Recipient:
    """A person or organisation we may write to, from the contacts topics."""

    id: uuid.UUID
    kind: str
    name: str
    email: str | None = None
    mobile: str | None = None
    preferred_channel: Channel = Channel.EMAIL
    consent: bool = False

    def address(self, channel: Channel) -> str | None:
        return self.email if channel is Channel.EMAIL else self.mobile

    def channel_for(self, allowed: tuple[Channel, ...]) -> Channel | None:
        """The preferred channel if we have its address, else any other allowed one we have."""
        order = [self.preferred_channel, *[c for c in allowed if c is not self.preferred_channel]]
        return next((c for c in order if c in allowed and self.address(c)), None)


@dataclass(frozen=True)
class Planned:
    """One message an event calls for: to whom, which template, by which channel."""

    recipient_id: uuid.UUID
    recipient_kind: str
    template: str
    channel: Channel | None
    data: dict[str, Any] = field(default_factory=dict)


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


@dataclass(frozen=True)
class Attempt:
    """One try at sending a notification, and what the provider said."""

    notification_id: uuid.UUID
    attempted_at: datetime
    provider: str | None
    outcome: str
    provider_message_id: str | None = None
    error: str | None = None

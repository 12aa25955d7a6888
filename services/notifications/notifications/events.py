"""What notifications publishes on `t2t.notifications.events` (no addresses, no names)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal
from uuid import UUID

from pydantic import Field

from t2t_shared.events import IntegrationEvent


class NotificationEvent(IntegrationEvent):
    service: ClassVar[str] = "notifications"
    subject_field: ClassVar[str] = "notification_id"

    notification_id: UUID = Field(description="The notification, also the record key")
    subject_id: str = Field(
        description="The aggregate the message is about, e.g. the referral id",
        examples=["0b6f5f0e-5d2a-4a8e-9d55-2f5bb1d3c7a1"],
    )
    recipient_id: UUID = Field(description="Opaque id of the person or organisation written to")
    recipient_kind: Literal["person", "referrer"] = Field(examples=["person"])
    template: str = Field(examples=["referral_acknowledgement"])
    channel: Literal["email", "sms"] = Field(examples=["sms"])
    cause_event_id: str = Field(description="ce_id of the event that caused the message")


class NotificationSent(NotificationEvent):
    """A provider accepted the message."""

    sent_at: datetime = Field(examples=["2026-11-26T09:30:01Z"])
    provider: str = Field(examples=["smtp"])


class NotificationFailed(NotificationEvent):
    """The message could not be sent and will not be retried."""

    reason: Literal[
        "no_address", "rejected_by_provider", "retries_exhausted", "template_error", "interrupted"
    ] = Field(
        description="Coded reason; `interrupted`: the sender stopped mid-send, so the message "
        "may or may not have gone, and is not sent again (at most once)",
        examples=["rejected_by_provider"],
    )
    failed_at: datetime = Field(examples=["2026-11-26T09:31:00Z"])


PUBLISHED: tuple[type[IntegrationEvent], ...] = (NotificationSent, NotificationFailed)
"""Every event type on `t2t.notifications.events`: the contract generator reads this."""

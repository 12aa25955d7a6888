"""What notifications publishes on `t2t.notifications.events` (no addresses, no names)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal
from uuid import UUID

from pydantic import Field

from notifications.domain.model import Channel, Notification
from t2t_shared.events import IntegrationEvent


class NotificationEvent(IntegrationEvent):
    service: ClassVar[str] = "notifications"
    subject_field: ClassVar[str] = "notification_id"

    notification_id: UUID = Field(
        description="The notification, also the record key and the provider's reference",
        examples=["3c3a0c5e-8e0f-4a8e-9d55-2f5bb1d3c7a1"],
    )
    subject_id: str = Field(
        description="The aggregate the message is about, e.g. the referral id",
        examples=["0b6f5f0e-5d2a-4a8e-9d55-2f5bb1d3c7a1"],
    )
    recipient_id: UUID = Field(
        description="Opaque id of the person, volunteer, referrer or area mailbox written to",
        examples=["5a4e0a0b-8f0f-4f7e-9a44-6a2b1c9d0e11"],
    )
    recipient_kind: Literal["person", "referrer", "volunteer", "coordinators"] = Field(
        description="Whom the id names; `coordinators`: an area coordinators' shared mailbox",
        examples=["person"],
    )
    template: str = Field(description="Template name", examples=["referral_acknowledgement"])
    channel: Literal["email", "sms"] = Field(
        description="Channel used (email when none could be chosen)", examples=["sms"]
    )
    cause_event_id: str = Field(
        description="ce_id of the event that caused the message; for a session reminder, "
        "`reminder:<group>:<session>:<start>` (one per session time, whichever event planned it)",
        examples=["5d9a2b7e-0c1f-4d3a-8f7e-2b6c9a1d0e42"],
    )
    area: str = Field(description="Commissioning area of the cause event", examples=["leeds"])


class NotificationSent(NotificationEvent):
    """A provider accepted the message."""

    sent_at: datetime = Field(
        description="When the provider accepted it", examples=["2026-11-26T09:30:01Z"]
    )
    provider: str = Field(description="smtp, sms-sink or govuk-notify", examples=["smtp"])


FailureCode = Literal[
    "no_address",
    "rejected_by_provider",
    "retries_exhausted",
    "template_error",
    "interrupted",
    "undeliverable",
    "provider_unavailable",
    "outcome_unknown",
    "contact_details_missing",
]


class NotificationFailed(NotificationEvent):
    """The message could not be sent and will not be retried."""

    reason: Literal[
        "no_address",
        "rejected_by_provider",
        "retries_exhausted",
        "template_error",
        "interrupted",
        "undeliverable",
    ] = Field(
        description="Coded reason; `interrupted`: the sender stopped mid-send, so the message "
        "may or may not have gone, and is not sent again (at most once); `undeliverable`: "
        "the provider accepted it but its delivery receipt reports a permanent failure",
        examples=["rejected_by_provider"],
    )
    failed_at: datetime = Field(
        description="When it was given up", examples=["2026-11-26T09:31:00Z"]
    )
    scope: Literal["recipient", "platform"] = Field(
        "recipient",
        description="`recipient`: the failure is the recipient's and permanent (an invalid "
        "number or address, a hard bounce, a permanent-failure receipt, no address): a failed "
        "contact. `platform`: ours or the provider's (an outage, an unknown outcome, a "
        "template): never held against the person. Absent in events published before it "
        "was added",
        examples=["recipient"],
    )
    failure_code: FailureCode | None = Field(
        None,
        description="The finer coded reason, for follow-up: `reason`'s values, plus "
        "`provider_unavailable` (the provider was paused longer than the outage window; "
        "reason `retries_exhausted`), `outcome_unknown` (the provider may have the message "
        "and it is never resent; reason `interrupted`), `contact_details_missing` (the "
        "event waited too long for the recipient's contact record; reason `no_address`)",
        examples=["outcome_unknown"],
    )


class NotificationDelivered(NotificationEvent):
    """The provider's delivery receipt: the message reached the phone or mailbox."""

    delivered_at: datetime = Field(
        description="When the provider reports it delivered", examples=["2026-11-26T09:30:04Z"]
    )
    provider: str = Field(description="The provider that reported it", examples=["govuk-notify"])


class ProviderEvent(IntegrationEvent):
    service: ClassVar[str] = "notifications"
    subject_field: ClassVar[str] = "provider"

    provider: str = Field(
        description="The provider, also the record key: smtp, govuk-notify or sms-sink",
        examples=["govuk-notify"],
    )
    channel: Literal["email", "sms"] = Field(
        description="Channel of the send that found the provider down (or back)",
        examples=["sms"],
    )


class ProviderPaused(ProviderEvent):
    """A provider refuses everyone: sending through it is paused, messages wait, none fail."""

    reason: Literal[
        "connection_refused", "timeout", "server_error", "rate_limited", "authentication"
    ] = Field(description="What the provider did", examples=["server_error"])
    paused_at: datetime = Field(
        description="When sending through it was paused", examples=["2026-11-26T09:30:00Z"]
    )
    retry_at: datetime = Field(
        description="When one message will be sent to probe it", examples=["2026-11-26T09:30:05Z"]
    )


class ProviderResumed(ProviderEvent):
    """A probe got through: the provider's waiting messages are sent again."""

    resumed_at: datetime = Field(
        description="When a send through it succeeded again", examples=["2026-11-26T09:45:10Z"]
    )
    paused_for_s: float = Field(description="Seconds it was paused", ge=0, examples=[910.0])


def event_fields(n: Notification) -> dict[str, object]:
    """The fields every notification event shares, from the notification."""
    return {
        "notification_id": n.id,
        "subject_id": n.subject_id,
        "recipient_id": n.recipient_id,
        "recipient_kind": n.recipient_kind,
        "template": n.template,
        "channel": (n.channel or Channel.EMAIL).value,
        "cause_event_id": n.cause_event_id,
        "area": n.area,
    }


PUBLISHED: tuple[type[IntegrationEvent], ...] = (
    NotificationSent,
    NotificationDelivered,
    NotificationFailed,
    ProviderPaused,
    ProviderResumed,
)
"""Every event type on `t2t.notifications.events`: the contract generator reads this."""

"""A notification as a table row and back: the one mapping every notifications query uses."""

from __future__ import annotations

import uuid
from typing import Any

from notifications.domain.model import Category, Channel, Notification, Status


def row_of(x: Notification) -> dict[str, Any]:
    return {
        "id": x.id,
        "cause_event_id": x.cause_event_id,
        "cause_type": x.cause_type,
        "subject_id": x.subject_id,
        "recipient_id": x.recipient_id,
        "recipient_kind": x.recipient_kind,
        "template": x.template,
        "channel": x.channel.value if x.channel else None,
        "status": x.status.value,
        "data": x.data,
        "attempts": x.attempts,
        "created_at": x.created_at,
        "due_at": x.due_at,
        "sent_at": x.sent_at,
        "last_error": x.last_error,
        "area": x.area,
        "category": x.category.value,
        "unresolved_at": x.unresolved_at,
    }


def notification_of(m: Any) -> Notification:
    """From a row's mapping (SQLAlchemy's, or an asyncpg record: both take column names)."""
    return Notification(
        id=as_uuid(m["id"]),
        cause_event_id=m["cause_event_id"],
        cause_type=m["cause_type"],
        subject_id=m["subject_id"],
        recipient_id=as_uuid(m["recipient_id"]),
        recipient_kind=m["recipient_kind"],
        template=m["template"],
        channel=Channel(m["channel"]) if m["channel"] else None,
        status=Status(m["status"]),
        data=m["data"],
        created_at=m["created_at"],
        due_at=m["due_at"],
        attempts=m["attempts"],
        sent_at=m["sent_at"],
        last_error=m["last_error"],
        area=m["area"],
        category=Category(m["category"]),
        delivered_at=m["delivered_at"],
        claim=m["claim"],
        unresolved_at=m["unresolved_at"],
    )


def as_uuid(value: Any) -> uuid.UUID:
    # asyncpg's own UUID type, made the standard one: ids are compared and used as keys.
    return value if type(value) is uuid.UUID else uuid.UUID(bytes=value.bytes)

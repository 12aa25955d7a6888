"""Names and details added to a message only when it is sent, so stored data holds none."""

from __future__ import annotations

import uuid
from typing import Any

from notifications.domain.model import Recipient, RecipientKind

SUPERVISOR_FIELDS = ("supervisor_name", "supervisor_role", "supervisor_organisation")


def personal_context(recipient: Recipient) -> dict[str, Any]:
    if recipient.kind == RecipientKind.PERSON:
        return {"given_name": recipient.name}
    if recipient.kind == RecipientKind.VOLUNTEER:
        supervisor = {f: recipient.details.get(f) or "" for f in SUPERVISOR_FIELDS}
        return {"given_name": recipient.name, **supervisor}
    if recipient.kind == RecipientKind.REFERRER:
        return {"practice_name": recipient.name}
    return {"mailbox_name": recipient.name}


def stand_in(kind: str) -> Recipient:
    """A recipient of this kind with made-up details: for checking a message renders."""
    details = {f: "Dr Example" for f in SUPERVISOR_FIELDS}
    return Recipient(id=uuid.UUID(int=0), kind=kind, name="Sam", details=details)

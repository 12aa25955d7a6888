"""What a public form needs besides its fields: a key per form (so a double submission
makes one record) and a note of what this browser already sent."""

from __future__ import annotations

import uuid
from collections.abc import MutableMapping
from datetime import date
from typing import Any

SENT_KEY = "sent"
KEEP_SENT = 5


def new_form_key() -> str:
    return str(uuid.uuid4())


def valid_form_key(value: object) -> str:
    """The posted key if it is one we could have made, else a new one."""
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return new_form_key()


def already_sent(session: MutableMapping[str, Any], form_key: str) -> str | None:
    """The reference this browser was given for this form, if it was sent before."""
    sent = session.get(SENT_KEY)
    found = sent.get(form_key) if isinstance(sent, dict) else None
    return str(found) if found else None


def remember_sent(session: MutableMapping[str, Any], form_key: str, reference: str) -> None:
    sent = dict(session.get(SENT_KEY) or {})
    sent[form_key] = reference
    session[SENT_KEY] = dict(list(sent.items())[-KEEP_SENT:])


def parse_date(day: object, month: object, year: object) -> date | None:
    try:
        parsed = date(int(str(year)), int(str(month)), int(str(day)))
    except (TypeError, ValueError):
        return None
    return parsed if parsed.year >= 1900 else None


def text(values: dict[str, object], name: str) -> str:
    value = values.get(name)
    return value.strip() if isinstance(value, str) else ""

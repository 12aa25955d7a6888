"""Session reminders: one per member and session time, due a day before it starts."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta

from notifications.domain.facts import GroupFacts, SessionFacts
from notifications.domain.model import Category, Planned, RecipientKind
from notifications.domain.plans import iso, message

REMINDER = "session_reminder"
REMINDER_LEAD = timedelta(hours=24)


def session_reminders(
    session: SessionFacts, group: GroupFacts, members: Iterable[uuid.UUID], now: datetime
) -> list[Planned]:
    """One reminder per member, due a day before; none for a session already begun.

    Keyed by session and start time, not by the event that planned it: joining, then the
    session being scheduled, still makes one reminder, and a moved session a new one.
    """
    if session.cancelled or session.starts_at <= now:
        return []
    due = max(session.starts_at - REMINDER_LEAD, now)
    template = message(
        uuid.UUID(int=0),
        RecipientKind.PERSON,
        REMINDER,
        category=Category.REMINDERS,
        needs_contact=False,
        group_name=group.name,
        starts_at=iso(session.starts_at),
        ends_at=iso(session.ends_at),
        venue_name=session.venue_name or group.venue_name or "",
        joining_link=session.joining_link or group.joining_link or "",
    )
    key = reminder_key(session.group_id, session.session_id, session.starts_at)
    subject = str(session.group_id)
    return [
        replace(template, recipient_id=m, due_at=due, key=key, subject_id=subject) for m in members
    ]


def reminder_key(
    group_id: uuid.UUID, session_id: uuid.UUID | None = None, starts_at: datetime | None = None
) -> str:
    """`reminder:<group>:<session>:<start>`; shorter prefixes select a group's or a session's."""
    key = f"reminder:{group_id}:"
    if session_id is not None:
        key += f"{session_id}:"
        if starts_at is not None:
            key += iso(starts_at)
    return key

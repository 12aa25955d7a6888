"""A group's session: on the calendar, moved, or called off."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from groups.domain.errors import IllegalTransition, RuleBroken


class SessionStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


@dataclass
class Session:
    """`slot_at` is the schedule's time for it and never changes, so the generator does not
    put a moved or cancelled session back on the calendar."""

    id: uuid.UUID
    group_id: uuid.UUID
    slot_at: datetime
    starts_at: datetime
    ends_at: datetime
    status: SessionStatus = SessionStatus.SCHEDULED
    cancel_reason: str | None = None

    def cancel(self, reason: str | None) -> None:
        if self.status is SessionStatus.CANCELLED:
            raise IllegalTransition("the session", self.status.value, "cancel it")
        self.status = SessionStatus.CANCELLED
        self.cancel_reason = reason

    def reschedule(self, starts_at: datetime, now: datetime) -> datetime:
        """Move the session, keeping its length; returns the time it had."""
        if self.status is SessionStatus.CANCELLED:
            raise IllegalTransition("the session", self.status.value, "reschedule it")
        if starts_at <= now:
            raise RuleBroken("starts_at", "a session can only be moved to a time in the future")
        previous = self.starts_at
        length: timedelta = self.ends_at - self.starts_at
        self.starts_at, self.ends_at = starts_at, starts_at + length
        return previous

    def check_register(self, now: datetime) -> None:
        if self.status is SessionStatus.CANCELLED:
            raise IllegalTransition("the session", self.status.value, "take its register")
        if self.starts_at > now:
            raise RuleBroken("session_id", "the session has not started yet", "session_not_started")

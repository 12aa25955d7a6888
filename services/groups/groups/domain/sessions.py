"""A group's session: on the calendar, moved, or called off."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from dateutil.relativedelta import relativedelta

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

    @classmethod
    def held(cls, group_id: uuid.UUID, starts_at: datetime, minutes: int, now: datetime) -> Session:
        """A session that took place outside the calendar (an extra meeting, or one whose
        paper register is typed in later): only the past can be recorded this way."""
        if starts_at > now:
            raise RuleBroken(
                "starts_at",
                "a held session must have started already; the schedule puts future ones "
                "on the calendar",
                "session_in_future",
            )
        if starts_at < now - relativedelta(years=1):
            raise RuleBroken("starts_at", "more than a year ago", "session_too_old")
        ends = starts_at + timedelta(minutes=minutes)
        return cls(uuid.uuid4(), group_id, slot_at=starts_at, starts_at=starts_at, ends_at=ends)

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

"""The referral's state machine: triage, contact, placement and closing.

received → accepted → contacted → placed → joined → attended, or rejected (triage) or
closed (a coded outcome) on the way. Groups' events may place a person before a
coordinator has reached them, so placement never moves a referral backwards and
first contact never undoes a placement.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from referrals.domain import events as happened
from referrals.domain.codes import (
    AttemptChannel,
    AttemptOutcome,
    CloseOutcome,
    RecordedBy,
    RejectionReason,
    Status,
)
from referrals.domain.errors import CommentRequired, IllegalTransition
from referrals.domain.working_days import working_days_between

# How far along a triaged-in referral is; groups' events only ever move it further.
STAGES = (Status.ACCEPTED, Status.CONTACTED, Status.PLACED, Status.JOINED, Status.ATTENDED)
OPEN = (Status.RECEIVED, *STAGES)
DEFAULT_UNREACHABLE_AFTER = 3
DEFAULT_CONTACT_TARGET = 2  # working days


@dataclass(frozen=True)
class ContactAttempt:
    number: int
    channel: AttemptChannel
    outcome: AttemptOutcome
    recorded_by: RecordedBy
    attempted_at: datetime
    note: str | None = None

    @property
    def failed(self) -> bool:
        return self.outcome is not AttemptOutcome.REACHED


@dataclass(frozen=True)
class AttemptResult:
    attempt: ContactAttempt
    first_contact: bool
    closed_unreachable: bool


class Progress(StrEnum):
    ADVANCED = "advanced"
    ALREADY_THERE = "already_there"  # a duplicate or an older event arriving late
    NOT_ACCEPTED = "not_accepted"  # received, rejected or closed: nothing to advance


class Journey:
    """The rules; `Referral` (model.py) holds the fields and mixes these in.

    Each step that changes the referral records what happened in `events`.
    """

    id: uuid.UUID
    received_at: datetime
    events: list[happened.ReferralEvent]
    status: Status
    version: int
    accepted_at: datetime | None
    rejected_at: datetime | None
    rejection_reason: RejectionReason | None
    rejection_comment: str | None
    contacted_at: datetime | None
    attempts_made: int
    failed_attempts: int
    group_id: uuid.UUID | None
    placed_at: datetime | None
    joined_at: datetime | None
    attended_at: datetime | None
    closed_at: datetime | None
    close_outcome: CloseOutcome | None
    close_comment: str | None

    def accept(self, at: datetime) -> None:
        self._require("accepted", Status.RECEIVED)
        self.status, self.accepted_at = Status.ACCEPTED, at
        self._changed(happened.Accepted(self.id, at))

    def reject(self, reason: RejectionReason, comment: str | None, at: datetime) -> None:
        _comment_for_other(reason is RejectionReason.OTHER, comment)
        self._require("rejected", Status.RECEIVED)
        self.status, self.rejected_at = Status.REJECTED, at
        self.rejection_reason, self.rejection_comment = reason, comment
        self._changed(happened.Rejected(self.id, reason, at))

    def record_attempt(
        self,
        *,
        channel: AttemptChannel,
        outcome: AttemptOutcome,
        recorded_by: RecordedBy,
        at: datetime,
        note: str | None = None,
        unreachable_after: int = DEFAULT_UNREACHABLE_AFTER,
        contact_target: int = DEFAULT_CONTACT_TARGET,
    ) -> AttemptResult:
        """One try to reach the person; enough failures before first contact close it."""
        self._require("contacted", *OPEN)
        if outcome is AttemptOutcome.REACHED and self.status is Status.RECEIVED:
            raise IllegalTransition(
                "contacted",
                self.status,
                "accept the referral before recording that the person was reached",
            )
        self.attempts_made += 1
        attempt = ContactAttempt(self.attempts_made, channel, outcome, recorded_by, at, note)
        self.events.append(
            happened.AttemptRecorded(self.id, attempt.number, channel, outcome, recorded_by, at)
        )
        first_contact = closed = False
        if attempt.failed:
            self.failed_attempts += 1
            if self.contacted_at is None and self.failed_attempts >= unreachable_after:
                self._close(CloseOutcome.UNREACHABLE, None, at)
                closed = True
        elif self.contacted_at is None:
            first_contact = True
            self.contacted_at = at
            if self.status is Status.ACCEPTED:
                self.status = Status.CONTACTED
            self.events.append(self._first_contact(at, contact_target))
        self._changed()
        return AttemptResult(attempt, first_contact, closed)

    def close(self, outcome: CloseOutcome, comment: str | None, at: datetime) -> None:
        _comment_for_other(outcome is CloseOutcome.OTHER, comment)
        self._require("closed", *OPEN)
        self._close(outcome, comment, at)
        self._changed()

    def close_for_erasure(self, at: datetime) -> bool:
        """The person asked to be forgotten: an open referral ends (outcome `other`, no
        comment, since nothing may be typed about them any more). False if already ended."""
        if self.status not in OPEN:
            return False
        self._close(CloseOutcome.OTHER, None, at, erased=True)
        self._changed()
        return True

    def advance(self, to: Status, group_id: uuid.UUID, at: datetime) -> Progress:
        """Placed, joined or attended, on groups' events: only ever forwards."""
        if to not in STAGES[2:]:
            raise ValueError(f"groups' events place, join or attend, not {to}")
        if self.status not in STAGES:
            return Progress.NOT_ACCEPTED
        if STAGES.index(self.status) >= STAGES.index(to):
            return Progress.ALREADY_THERE
        self.status, self.group_id = to, group_id
        if to is Status.PLACED:
            self.placed_at = at
        elif to is Status.JOINED:
            self.joined_at = at
        else:
            self.attended_at = at
        self._changed(happened.StageReached(self.id, to, group_id, at))
        return Progress.ADVANCED

    def _first_contact(self, at: datetime, target: int) -> happened.FirstContacted:
        days = working_days_between(self.received_at, at)
        seconds = int((at - self.received_at).total_seconds())
        return happened.FirstContacted(self.id, at, seconds, days, within_target=days <= target)

    def _close(
        self, outcome: CloseOutcome, comment: str | None, at: datetime, *, erased: bool = False
    ) -> None:
        self.status, self.closed_at = Status.CLOSED, at
        self.close_outcome, self.close_comment = outcome, comment
        self.events.append(happened.Closed(self.id, outcome, at, erased))

    def _require(self, action: str, *allowed: Status) -> None:
        if self.status not in allowed:
            raise IllegalTransition(action, self.status)

    def _changed(self, event: happened.ReferralEvent | None = None) -> None:
        self.version += 1
        if event is not None:
            self.events.append(event)


def _comment_for_other(is_other: bool, comment: str | None) -> None:
    if is_other and not (comment and comment.strip()):
        raise CommentRequired("a comment is required when the code is 'other'")

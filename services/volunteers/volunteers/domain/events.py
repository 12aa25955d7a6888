"""What happened to a volunteer, as the volunteer records it (`Volunteer.events`).

Plain facts in the domain's own terms; `service_layer/publishing.py` turns each into the
integration event (or contact record) the topics carry. A renewal notice from the expiry
sweep (`renewals.RenewalDue`, `renewals.Expired`) is recorded the same way.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from volunteers.domain.renewals import Notice
from volunteers.domain.stages import LeaveReason, Stage
from volunteers.domain.training import Course


@dataclass(frozen=True)
class Applied:
    at: datetime


@dataclass(frozen=True)
class ScreeningStarted:
    at: datetime


@dataclass(frozen=True)
class Screened:
    """Both references satisfactory and the DBS check complete, for the first time."""

    at: datetime


@dataclass(frozen=True)
class TrainingStarted:
    course: Course
    at: datetime


@dataclass(frozen=True)
class Trained:
    course: Course
    completed_on: date
    valid_until: date


@dataclass(frozen=True)
class SupervisorSet:
    """The contact details to pass on changed (the supervisor is part of them)."""


@dataclass(frozen=True)
class Activated:
    group_id: uuid.UUID
    at: datetime


@dataclass(frozen=True)
class Paused:
    at: datetime
    until: date | None


@dataclass(frozen=True)
class Resumed:
    at: datetime


@dataclass(frozen=True)
class Left:
    reason: LeaveReason
    stage_left_from: Stage
    at: datetime


DomainEvent = (
    Applied
    | ScreeningStarted
    | Screened
    | TrainingStarted
    | Trained
    | SupervisorSet
    | Activated
    | Paused
    | Resumed
    | Left
    | Notice
)

"""What callers ask the volunteers service to do."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from volunteers.domain.checks import DbsLevel
from volunteers.domain.people import Applicant, Slot, Supervisor
from volunteers.domain.stages import LeaveReason
from volunteers.domain.training import Course


@dataclass(frozen=True)
class Apply:
    area: str
    applicant: Applicant
    lived_experience: bool
    availability: tuple[Slot, ...]


@dataclass(frozen=True)
class RecordReference:
    volunteer_id: uuid.UUID
    slot: int
    requested_on: date | None = None
    received_on: date | None = None
    satisfactory: bool | None = None


@dataclass(frozen=True)
class RecordDbs:
    volunteer_id: uuid.UUID
    completed: bool
    level: DbsLevel | None = None
    certificate_number: str | None = None
    issued_on: date | None = None
    renewal_due: date | None = None


@dataclass(frozen=True)
class StartTraining:
    volunteer_id: uuid.UUID
    course: Course
    started_on: date | None = None


@dataclass(frozen=True)
class CompleteTraining:
    volunteer_id: uuid.UUID
    course: Course
    sessions_attended: int
    completed_on: date | None = None


@dataclass(frozen=True)
class SetSupervisor:
    volunteer_id: uuid.UUID
    supervisor: Supervisor


@dataclass(frozen=True)
class Pause:
    volunteer_id: uuid.UUID
    until: date | None = None


@dataclass(frozen=True)
class Leave:
    volunteer_id: uuid.UUID
    reason: LeaveReason

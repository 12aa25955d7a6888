"""What coordinators ask the groups service to do."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from groups.domain.attendance import Attendance
from groups.domain.model import Format, Venue
from groups.domain.schedule import Schedule


@dataclass(frozen=True)
class CreateGroup:
    name: str
    area: str
    format: Format
    schedule: Schedule
    capacity: int
    venue: Venue | None = None
    joining_link: str | None = None
    facilitator_ids: list[uuid.UUID] = field(default_factory=list)


@dataclass(frozen=True)
class UpdateGroup:
    """Only the fields given change."""

    capacity: int | None = None
    name: str | None = None
    accessibility_notes: str | None = None
    joining_link: str | None = None


@dataclass(frozen=True)
class RegisterLine:
    referral_id: uuid.UUID
    attendance: Attendance


@dataclass(frozen=True)
class RescheduleSession:
    starts_at: datetime

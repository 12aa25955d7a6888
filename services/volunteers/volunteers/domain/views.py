"""Read models: what the worklist and the statistics show, without loading whole volunteers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from volunteers.domain.checks import CheckStatus
from volunteers.domain.stages import Stage
from volunteers.domain.worklist import Flag, Overdue


@dataclass(frozen=True)
class VolunteerSummary:
    id: uuid.UUID
    area: str
    stage: Stage
    stage_entered_at: datetime
    applied_at: datetime
    given_name: str | None
    family_name: str | None
    training_valid_until: date | None
    dbs_status: CheckStatus | None
    dbs_renewal_due: date | None


@dataclass(frozen=True)
class ListFilter:
    """`areas` None means every area."""

    areas: tuple[str, ...] | None
    stage: Stage | None = None
    overdue: Flag | None = None
    overdue_windows: tuple[Overdue, ...] = ()
    expiring_from: date | None = None
    expiring_by: date | None = None
    limit: int = 50
    offset: int = 0


@dataclass(frozen=True)
class Page:
    items: list[VolunteerSummary]
    total: int


@dataclass(frozen=True)
class Stats:
    by_stage: dict[str, int] = field(default_factory=dict)
    leaving_reasons: dict[str, int] = field(default_factory=dict)

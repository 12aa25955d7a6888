"""A commissioner's report on one area over a period: aggregates only, never a person.

The projections compute it; the report pages, CSV, charts and `t2t report` render it.
Referrals are counted as a cohort: those received in the period, followed to wherever they
got. Places, waiting list and volunteers are as they stand at the end of the period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol


@dataclass(frozen=True)
class LabelledCount:
    label: str
    count: int


@dataclass(frozen=True)
class PracticeCount:
    ods_code: str
    name: str | None
    referrals: int


@dataclass(frozen=True)
class WeekCount:
    week_start: date
    """The Monday the week starts on."""
    count: int


@dataclass(frozen=True)
class FunnelStep:
    stage: str
    count: int
    conversion: float | None
    """Share of the previous stage that reached it; None for the first stage, or after none."""


@dataclass(frozen=True)
class FirstContactSummary:
    contacted: int
    median_hours: float | None
    target_hours: float
    within_target: int
    share_within_target: float | None


@dataclass(frozen=True)
class WaitingListSummary:
    waiting_at_end: int
    median_days_waited: float | None
    longest_days_waited: float | None


@dataclass(frozen=True)
class AttendanceSummary:
    sessions_recorded: int
    attendances: int
    attendance_rate: float | None
    regular_attenders: int


@dataclass(frozen=True)
class GroupsSummary:
    groups_open: int
    places: int
    places_filled: int
    places_free: int


@dataclass(frozen=True)
class AreaReport:
    area: str
    period_from: date
    period_to: date
    """Inclusive: a report to 31 March counts what happened on 31 March."""
    generated_at: datetime
    referrals_received: int
    referrals_by_source: tuple[LabelledCount, ...]
    referrals_by_practice: tuple[PracticeCount, ...]
    referrals_per_week: tuple[WeekCount, ...]
    funnel: tuple[FunnelStep, ...]
    first_contact: FirstContactSummary
    waiting_list: WaitingListSummary
    attendance: AttendanceSummary
    volunteers: tuple[LabelledCount, ...]
    """Volunteers by pipeline stage: applied, screened, trained, assigned, paused, left."""
    groups: GroupsSummary


class AreaReports(Protocol):
    """Where reports come from: the durable projections, or a fake in unit tests."""

    async def area_report(self, area: str, period_from: date, period_to: date) -> AreaReport: ...


@dataclass(frozen=True)
class LagSample:
    at: datetime
    consumer_group: str
    lag: int


class LagHistory(Protocol):
    """Consumer lag as sampled over time, oldest first, for the console's chart."""

    async def lag_history(self, since: datetime) -> list[LagSample]: ...

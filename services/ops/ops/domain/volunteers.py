"""Volunteers: applied → screened → trained → active, and leavers by reason."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from ops.domain.observed import ObservedEvent

VOLUNTEER_STAGES = ("applied", "screened", "trained", "active")
STAGE_OF = {
    "VolunteerApplied": "applied",
    "VolunteerScreened": "screened",
    "FacilitatorTrained": "trained",
    "VolunteerActivated": "active",
}
# When each pipeline step was first reached (a commissioner's report counts them at a date).
TIME_OF = {
    "VolunteerApplied": "applied_at",
    "VolunteerScreened": "screened_at",
    "FacilitatorTrained": "trained_at",
    "VolunteerActivated": "assigned_at",
    "VolunteerPaused": "paused_at",
    "VolunteerLeft": "left_at",
}


@dataclass
class VolunteerState:
    area: str | None
    furthest: int = -1
    left_reason: str | None = None
    applied_at: datetime | None = None
    screened_at: datetime | None = None
    trained_at: datetime | None = None
    assigned_at: datetime | None = None
    paused_at: datetime | None = None
    left_at: datetime | None = None


@dataclass(frozen=True)
class VolunteerReport:
    area: str | None
    stages: dict[str, int]
    """Volunteers who reached each stage (or a later one)."""
    leavers: dict[str, int]
    """Volunteers who left, by coded reason."""


@dataclass
class Volunteers:
    by_id: dict[str, VolunteerState] = field(default_factory=dict)

    def apply(self, event: ObservedEvent) -> None:
        volunteer_id = volunteer_of(event)
        if volunteer_id:
            update_volunteer(self.by_id.setdefault(volunteer_id, VolunteerState(event.area)), event)

    def report(self, area: str | None = None) -> VolunteerReport:
        chosen = [v for v in self.by_id.values() if area is None or v.area == area]
        stages = {
            stage: sum(1 for v in chosen if v.furthest >= index)
            for index, stage in enumerate(VOLUNTEER_STAGES)
        }
        leavers = Counter(v.left_reason for v in chosen if v.left_reason)
        return VolunteerReport(area, stages, dict(sorted(leavers.items())))


def volunteer_of(event: ObservedEvent) -> str | None:
    if event.service != "volunteers":
        return None
    return event.text("volunteer_id") or event.subject


def update_volunteer(state: VolunteerState, event: ObservedEvent) -> None:
    state.area = state.area or event.area
    stage = STAGE_OF.get(event.name)
    if stage is not None:
        state.furthest = max(state.furthest, VOLUNTEER_STAGES.index(stage))
    if event.name == "VolunteerLeft":
        state.left_reason = event.text("reason") or "other"
    if event.name == "VolunteerResumed":
        state.paused_at = None
    column = TIME_OF.get(event.name)
    if column is not None and getattr(state, column) is None:
        setattr(state, column, event.time)

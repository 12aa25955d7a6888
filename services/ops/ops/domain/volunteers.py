"""Volunteers: applied → screened → trained → active, and leavers by reason."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ops.domain.observed import ObservedEvent

VOLUNTEER_STAGES = ("applied", "screened", "trained", "active")
STAGE_OF = {
    "VolunteerApplied": "applied",
    "VolunteerScreened": "screened",
    "FacilitatorTrained": "trained",
    "VolunteerActivated": "active",
}


@dataclass
class VolunteerState:
    area: str | None
    furthest: int = -1
    left_reason: str | None = None


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
        if event.service != "volunteers":
            return
        volunteer_id = event.text("volunteer_id") or event.subject
        if not volunteer_id:
            return
        state = self.by_id.setdefault(volunteer_id, VolunteerState(event.area))
        state.area = state.area or event.area
        stage = STAGE_OF.get(event.name)
        if stage is not None:
            state.furthest = max(state.furthest, VOLUNTEER_STAGES.index(stage))
        if event.name == "VolunteerLeft":
            state.left_reason = event.text("reason") or "other"

    def report(self, area: str | None = None) -> VolunteerReport:
        chosen = [v for v in self.by_id.values() if area is None or v.area == area]
        stages = {
            stage: sum(1 for v in chosen if v.furthest >= index)
            for index, stage in enumerate(VOLUNTEER_STAGES)
        }
        leavers = Counter(v.left_reason for v in chosen if v.left_reason)
        return VolunteerReport(area, stages, dict(sorted(leavers.items())))

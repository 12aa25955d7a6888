"""How long a volunteer may wait in each stage before the worklist flags them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from volunteers.domain.stages import Stage


class Flag(StrEnum):
    OK = "ok"
    AMBER = "amber"
    RED = "red"


@dataclass(frozen=True)
class StageTarget:
    """Past `ideal_days` in the stage is amber, past `max_days` red."""

    ideal_days: int
    max_days: int


StageTargets = dict[Stage, StageTarget]


def flag(stage: Stage, entered_at: datetime, now: datetime, targets: StageTargets) -> Flag | None:
    """None for a stage without targets (active, paused, left): nobody is waiting there."""
    target = targets.get(stage)
    if target is None:
        return None
    waited = now - entered_at
    if waited > timedelta(days=target.max_days):
        return Flag.RED
    if waited > timedelta(days=target.ideal_days):
        return Flag.AMBER
    return Flag.OK


@dataclass(frozen=True)
class Overdue:
    """A stage and the window of `stage_entered_at` that puts a volunteer on one flag."""

    stage: Stage
    entered_after: datetime | None
    entered_before: datetime


def overdue_windows(flag_wanted: Flag, now: datetime, targets: StageTargets) -> list[Overdue]:
    """For a list filter: amber is past the ideal but not the maximum; red is past the maximum."""
    windows = []
    for stage, target in targets.items():
        ideal = now - timedelta(days=target.ideal_days)
        latest = now - timedelta(days=target.max_days)
        if flag_wanted is Flag.RED:
            windows.append(Overdue(stage, None, latest))
        elif flag_wanted is Flag.AMBER:
            windows.append(Overdue(stage, latest, ideal))
    return windows

"""What the demo did, counted as it went: the summary it prints at the end."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

FUNNEL = (
    "received",
    "accepted",
    "contacted",
    "placed",
    "joined",
    "attended_first_session",
    "regular_attender",
)
VOLUNTEER_STEPS = ("applied", "screened", "trained", "active")


@dataclass
class Tally:
    """Counts the way the console does: a referral counts at each stage it reached."""

    reached: dict[str, tuple[str, set[str]]] = field(default_factory=dict)
    by_source: Counter[str] = field(default_factory=Counter)
    rejected: Counter[str] = field(default_factory=Counter)
    unreachable: int = 0
    declined_offers: int = 0
    waitlisted: int = 0
    volunteers: Counter[str] = field(default_factory=Counter)
    leavers: Counter[str] = field(default_factory=Counter)
    groups_opened: int = 0
    silent_practices: int = 0
    practices_registered: int = 0

    def reach(self, referral_id: str, area: str, stage: str) -> None:
        self.reached.setdefault(referral_id, (area, set()))[1].add(stage)

    def funnel(self, area: str | None = None) -> dict[str, int]:
        chosen = [stages for a, stages in self.reached.values() if area is None or a == area]
        return {stage: sum(1 for stages in chosen if stage in stages) for stage in FUNNEL}

    def as_dict(self) -> dict[str, object]:
        areas = sorted({area for area, _ in self.reached.values()})
        return {
            "funnel": self.funnel(),
            "funnel_by_area": {area: self.funnel(area) for area in areas},
            "sources": dict(self.by_source),
            "rejected": dict(self.rejected),
            "unreachable": self.unreachable,
            "declined_offers": self.declined_offers,
            "waitlisted": self.waitlisted,
            "volunteers": {name: self.volunteers[name] for name in VOLUNTEER_STEPS},
            "volunteer_leavers": dict(self.leavers),
            "groups_opened": self.groups_opened,
            "silent_practices": self.silent_practices,
            "practices_registered": self.practices_registered,
        }

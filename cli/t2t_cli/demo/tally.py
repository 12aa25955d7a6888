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
    """Counts the way the console does: a referral counts at every stage up to the
    furthest it reached, so the funnel never widens."""

    furthest: dict[str, tuple[str, int]] = field(default_factory=dict)
    by_source: Counter[str] = field(default_factory=Counter)
    rejected: Counter[str] = field(default_factory=Counter)
    unreachable: int = 0
    declined_offers: int = 0
    waitlisted: int = 0
    volunteers: Counter[str] = field(default_factory=Counter)
    leavers: Counter[str] = field(default_factory=Counter)
    groups_opened: int = 0
    silent_practices: int = 0

    def reach(self, referral_id: str, area: str, stage: str) -> None:
        _, before = self.furthest.get(referral_id, (area, -1))
        self.furthest[referral_id] = (area, max(before, FUNNEL.index(stage)))

    def funnel(self, area: str | None = None) -> dict[str, int]:
        reached = [f for a, f in self.furthest.values() if area is None or a == area]
        return {stage: sum(1 for f in reached if f >= i) for i, stage in enumerate(FUNNEL)}

    def as_dict(self) -> dict[str, object]:
        areas = sorted({area for area, _ in self.furthest.values()})
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
        }

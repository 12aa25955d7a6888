"""Every check over one set of facts: the findings, and which of them are violations."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from . import checks
from .facts import Facts

# Findings that fail the run; the others are reported for reading.
VIOLATIONS = (
    "lost_messages",
    "duplicated_messages",
    "lost_events",
    "out_of_order",
    "over_capacity",
    "waitlist_out_of_order",
    "closed_by_provider_faults",
    "infrastructure_dead_letters",
    "erased_details_back",
)


@dataclass
class Verdict:
    findings: dict[str, checks.Finding] = field(default_factory=dict)
    events: int = 0
    messages_accepted: int = 0
    healed: bool = True
    statuses: dict[str, int] = field(default_factory=dict)  # notifications by final status

    @property
    def violations(self) -> dict[str, int]:
        found = {name: self.findings[name].count for name in VIOLATIONS}
        if not self.healed:
            found["not_healed"] = 1
        return {name: count for name, count in found.items() if count}

    @property
    def passed(self) -> bool:
        return not self.violations

    def count(self, name: str) -> int:
        return self.findings[name].count

    def as_dict(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "violations": self.violations,
            "events": self.events,
            "messages_accepted": self.messages_accepted,
            "healed": self.healed,
            "notification_statuses": self.statuses,
            "findings": {name: asdict(f) for name, f in self.findings.items()},
        }


def judge(facts: Facts, *, healed: bool = True) -> Verdict:
    infrastructure, handler = checks.dead_letters(facts)
    findings = {
        "lost_messages": checks.lost_messages(facts),
        "duplicated_messages": checks.duplicated_messages(facts),
        "ambiguous_accepts": checks.ambiguous_accepts(facts),
        "unresolved_for_follow_up": checks.unresolved_for_follow_up(facts),
        "lost_events": checks.lost_events(facts),
        "out_of_order": checks.out_of_order(facts),
        "over_capacity": checks.over_capacity(facts),
        "waitlist_out_of_order": checks.waitlist_out_of_order(facts),
        "closed_by_provider_faults": checks.closed_by_provider_faults(facts),
        "infrastructure_dead_letters": infrastructure,
        "erased_details_back": checks.erased_details_back(facts),
        "other_dead_letters": handler,
    }
    events = sum(1 for r in facts.records if r.topic.endswith((".events", ".contacts")))
    statuses = Counter(n.status for n in facts.notifications)
    return Verdict(findings, events, len(facts.accepts), healed, dict(sorted(statuses.items())))

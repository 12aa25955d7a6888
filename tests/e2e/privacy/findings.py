"""What a canary run found: every place read, by category, and a summary file of the hits."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.e2e.privacy import scenario
from tests.e2e.privacy.allowed import ALLOWED
from tests.fixtures.canary import Canary, CanarySet, Hit, search_many, unexplained


@dataclass
class Run:
    canaries: CanarySet
    places: dict[str, dict[str, str]] = field(default_factory=dict)  # category -> where -> text
    topics: list[str] = field(default_factory=list)
    poison_key: str = ""
    poison_went_to: list[str] = field(default_factory=list)  # its retry and dead-letter topics
    took_s: float = 0.0
    # Where the erased people's ids remain (not asserted: anonymised rows may keep them).
    erased_ids: list[str] = field(default_factory=list)

    def hits(self, category: str) -> list[Hit]:
        return unexplained(search_many(self.places[category], self.canaries), ALLOWED)


def erased_ids(result: Run, made: scenario.Erasable) -> list[str]:
    ids = CanarySet()
    for who, person in {**made.people, **made.volunteers}.items():
        ids.add(Canary(f"{who}.id", person, (person,)))
    return sorted({hit.where.split("[")[0] for hit in search_many(result.places["tables"], ids)})


def write_summary(home: Path, result: Run) -> None:
    """Every hit, also unfiltered, next to the captured logs: for whoever fixes the leaks."""
    summary = {
        "took_s": round(result.took_s, 1),
        "canaries": len(result.canaries),
        "places": {category: len(places) for category, places in result.places.items()},
        "topics": result.topics,
        "poison went to": result.poison_went_to,
        "records per topic": dict(
            Counter(w.split("[")[0] for w in result.places.get("topics", {}) if w.endswith("] key"))
        ),
        "refused requests": result.places.get("refused requests", {}),
        "failure headers": {
            where: text
            for where, text in result.places.get("topics", {}).items()
            if where.endswith("header t2t-error")
        },
        "read": {
            category: sorted(places)
            for category, places in result.places.items()
            if category in ("console", "ops reads", "metrics")
        },
        "erased ids still in": result.erased_ids,
        "hits": {
            category: [str(hit) for hit in search_many(places, result.canaries)]
            for category, places in result.places.items()
        },
    }
    (home / "canary-summary.json").write_text(json.dumps(summary, indent=2))
    print(f"canary summary: {home / 'canary-summary.json'}")

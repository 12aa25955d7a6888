"""Percentiles without numpy (nearest rank, which never invents a value nobody saw), and the
median and spread of a figure over a run's repetitions."""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def summary_ms(seconds: Sequence[float]) -> dict[str, float]:
    """p50, p95, p99 and max of durations in seconds, as milliseconds."""
    return {
        "p50_ms": percentile(seconds, 50) * 1000,
        "p95_ms": percentile(seconds, 95) * 1000,
        "p99_ms": percentile(seconds, 99) * 1000,
        "max_ms": max(seconds) * 1000,
    }


@dataclass(frozen=True)
class Spread:
    """One figure over the repetitions of a run: its median and how far the runs strayed."""

    median: float
    min: float
    max: float
    runs: int

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        if not values:
            raise ValueError("no values")
        return cls(statistics.median(values), min(values), max(values), len(values))

    @property
    def max_over_min(self) -> float:
        """How many times the worst repetition is the best; inf when the best is zero."""
        return self.max / self.min if self.min > 0 else math.inf

    def as_dict(self) -> dict[str, float | None]:
        ratio = self.max_over_min
        return {
            "median": self.median,
            "min": self.min,
            "max": self.max,
            "max_over_min": ratio if math.isfinite(ratio) else None,  # JSON has no infinity
            "runs": self.runs,
        }


def spreads(rows: Sequence[Mapping[str, float]]) -> dict[str, Spread]:
    """Each key's spread over the rows (one row per repetition), for keys every row has."""
    keys = [k for k in rows[0] if all(k in row for row in rows)] if rows else []
    return {k: Spread.of([row[k] for row in rows]) for k in keys}

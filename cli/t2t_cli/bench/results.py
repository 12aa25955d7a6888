"""The results as JSON: each figure's median where it always was, with its spread beside it.

A section keeps the keys of a single-run report (now holding the medians of the
repetitions), and adds `spread` (each figure's median, min, max and max ÷ min, by dotted
name) and `repetitions` (every repetition as measured). Counts (failed POSTs, consumer
outcomes) are summed over the repetitions instead.
"""

from __future__ import annotations

import collections
import statistics
from dataclasses import asdict
from typing import Any

from .config import (
    TARGET_BURST_PER_S,
    TARGET_NOTIFICATIONS_CPU_MS,
    TARGET_P99_MS,
    TARGET_P99_SPREAD,
    TARGET_RELAY_RATIO,
)
from .cpu import TICKS_PER_S
from .e2e import ThroughputResult
from .run import BenchResults
from .stages import Journey
from .stats import Spread, spreads

COUNTS = ("failed_posts", "consumer_outcomes")
CPU_METHOD = (
    "utime+stime+cutime+cstime from /proc/<pid>/stat of each role's processes and their "
    f"descendants, read before and after each repetition (clock ticks of 1/{TICKS_PER_S} s)"
)


def _flat(data: dict[str, Any], prefix: str = "") -> dict[str, float]:
    out: dict[str, float] = {}
    for key, value in data.items():
        if key in COUNTS:
            continue
        if isinstance(value, dict):
            out |= _flat(value, f"{prefix}{key}.")
        elif isinstance(value, int | float) and not isinstance(value, bool):
            out[f"{prefix}{key}"] = float(value)
    return out


def _nest(flat: dict[str, float]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for dotted, value in flat.items():
        *parents, leaf = dotted.split(".")
        node = out
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return out


def section(reps: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians at the single-run keys, plus `spread` and `repetitions`."""
    figures = spreads([_flat(r) for r in reps])
    out = _nest({name: s.median for name, s in figures.items()})
    for key in COUNTS:
        if any(key in r for r in reps):
            out[key] = dict(
                sum(
                    (collections.Counter(r.get(key, {})) for r in reps), start=collections.Counter()
                )
            )
    out["spread"] = {name: s.as_dict() for name, s in figures.items()}
    out["repetitions"] = reps
    return out


def _throughput(t: ThroughputResult, produce_per_s: float) -> dict[str, Any]:
    return asdict(t) | {
        "journeys": {
            "columns": MOMENTS_MS,
            "rows": [_moments_ms(j, t.started_at) for j in t.journeys],
        },
        "referrals_per_s": t.referrals_per_s,
        "notifications_per_s": t.notifications_per_s,
        "referrals_ratio_to_raw_produce": t.referrals_per_s / produce_per_s,
        "notifications_ratio_to_raw_produce": t.notifications_per_s / produce_per_s,
    }


MOMENTS_MS = ["posted_ms", "answered_ms", "published_ms", "consumed_ms", "sent_ms"]


def _moments_ms(j: Journey, started: float) -> list[float | None]:
    """One referral's moments in ms from the burst's first POST (published None if unknown)."""
    moments = (j.posted, j.answered, j.published, j.consumed, j.sent)
    return [None if at is None else round(1000 * (at - started), 1) for at in moments]


def to_json(r: BenchResults) -> dict[str, Any]:
    produce = statistics.median(x.produce_per_s for x in r.raw)
    raw = section(
        [
            asdict(x) | {"produce_per_s": x.produce_per_s, "consume_per_s": x.consume_per_s}
            for x in r.raw
        ]
    )
    # Each relay repetition against the raw repetition of the same index: pairs measured
    # minutes apart on the same stack, not figures from different runs.
    relay = section(
        [
            asdict(x)
            | {
                "rows_per_s": x.rows_per_s,
                "ratio_to_raw_produce": x.rows_per_s / raw_.produce_per_s,
            }
            for x, raw_ in zip(r.relay, r.raw, strict=True)
        ]
    )
    relay |= {
        "target_ratio": TARGET_RELAY_RATIO,
        "meets_target": relay["ratio_to_raw_produce"] >= TARGET_RELAY_RATIO,
    }
    latency = section([asdict(x) for x in r.latency])
    p99 = Spread.of([x.latency["p99_ms"] for x in r.latency])
    all_sent = all(x.acknowledged == x.referrals and not x.failed_posts for x in r.latency)
    latency |= {
        "warmup_s": r.warmup_s,
        "target_p99_ms": TARGET_P99_MS,
        "target_p99_spread": TARGET_P99_SPREAD,
        "p99_max_over_min": p99.as_dict()["max_over_min"],
        "meets_target": p99.median <= TARGET_P99_MS
        and p99.max_over_min < TARGET_P99_SPREAD
        and all_sent,
    }
    one = section([_throughput(t, produce) for t in r.throughput])
    one |= {
        "target_referrals_per_s": TARGET_BURST_PER_S,
        "meets_target": one["referrals_per_s"] >= TARGET_BURST_PER_S,
    }
    data: dict[str, Any] = {
        "started_at": r.started_at.isoformat(),
        "finished_at": r.finished_at.isoformat(),
        "duration_s": (r.finished_at - r.started_at).total_seconds(),
        "machine": r.machine,
        "config": r.config.as_dict(),
        "raw_kafka": raw,
        "outbox_relay": relay,
        "e2e_latency": latency,
        "e2e_throughput": one,
        "dispatch": {
            d.provider: section([asdict(rep[i]) | {"per_s": rep[i].per_s} for rep in r.dispatch])
            for i, d in enumerate(r.dispatch[0] if r.dispatch else [])
        },
        "cpu": _cpu(latency, one) | {"idle_ms_per_s": r.idle_cpu_ms_per_s},
    }
    if r.throughput_two:
        data["e2e_throughput_two_replicas"] = two = section(
            [_throughput(t, produce) for t in r.throughput_two]
        )
        join = r.replica_join
        data["replicas"] = {
            "ratio_two_to_one": two["referrals_per_s"] / one["referrals_per_s"],
            "ratio_spread": Spread.of(
                [
                    b.referrals_per_s / a.referrals_per_s
                    for a, b in zip(r.throughput, r.throughput_two, strict=False)
                ]
            ).as_dict(),
            "settle_s": join.settle_s if join else None,
            "settled": join.settled if join else None,
            "handled_by_replica": [
                sum(x) for x in zip(*(t.handled_by_replica for t in r.throughput_two), strict=True)
            ],
        }
    return data


def _cpu(latency: dict[str, Any], burst: dict[str, Any]) -> dict[str, Any]:
    per_event = latency.get("notifications_cpu_ms_per_event")
    return {
        "method": CPU_METHOD,
        "steady_ms_per_referral": latency.get("cpu_ms_per_referral", {}),
        "burst_ms_per_referral": burst.get("cpu_ms_per_referral", {}),
        "notifications_ms_per_event": {
            "steady": per_event,
            "burst": burst.get("notifications_cpu_ms_per_event"),
        },
        "target_notifications_ms_per_event": TARGET_NOTIFICATIONS_CPU_MS,
        "meets_target": per_event is not None and per_event <= TARGET_NOTIFICATIONS_CPU_MS,
    }

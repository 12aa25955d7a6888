"""One line per run in `.bench/history.jsonl`: the headline medians and spreads, and the load.

`results.json` holds the last run in full; the history lets runs of different commits
(or the same commit on a busier machine) be compared without keeping every file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HEADLINES = {
    "raw_produce_per_s": ("raw_kafka", "produce_per_s"),
    "relay_ratio": ("outbox_relay", "ratio_to_raw_produce"),
    "p99_ms": ("e2e_latency", "latency.p99_ms"),
    "burst_per_s": ("e2e_throughput", "referrals_per_s"),
    "burst_two_replicas_per_s": ("e2e_throughput_two_replicas", "referrals_per_s"),
    "notifications_cpu_ms_per_event": ("e2e_latency", "notifications_cpu_ms_per_event"),
}


def headline(data: dict[str, Any]) -> dict[str, Any]:
    line: dict[str, Any] = {
        "started_at": data["started_at"],
        "duration_s": data["duration_s"],
        "load_average_1m": data["machine"].get("load_average_1m"),
        "repetitions": data["config"].get("repetitions"),
    }
    for name, (section, figure) in HEADLINES.items():
        spread = data.get(section, {}).get("spread", {}).get(figure)
        if spread is not None:
            line[name] = {k: spread[k] for k in ("median", "min", "max")}
    if "replicas" in data:
        line["two_replicas_over_one"] = data["replicas"]["ratio_two_to_one"]
    return line


def append_history(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as out:
        out.write(json.dumps(headline(data)) + "\n")

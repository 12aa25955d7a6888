"""The bench end to end at tiny sizes: every phase runs, repeated, and every figure is reported.

Timing targets are for the printed report only; on a shared 2-core machine they would
make this test flaky, so here only shape, sign and consistency are checked: each median
lies within its repetitions, CPU was spent by every process, both replicas took part.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from t2t_cli.bench.config import BenchConfig
from t2t_cli.bench.cpu import read_stats, tree_cpu_s
from t2t_cli.bench.history import headline
from t2t_cli.bench.report import table
from t2t_cli.bench.results import to_json
from t2t_cli.bench.run import MEASURED, run_bench
from t2t_cli.bench.stats import Spread, percentile
from t2t_cli.bench.ui import make_progress

EXPECTED_KEYS = {
    "raw_kafka": {"records", "produce_per_s", "consume_per_s"},
    "outbox_relay": {"rows", "rows_per_s", "ratio_to_raw_produce", "target_ratio"},
    "e2e_latency": {
        "referrals",
        "acknowledged",
        "latency",
        "stages",
        "post_response",
        "consumer_outcomes",
        "cpu_ms_per_referral",
        "notifications_cpu_ms_per_event",
    },
    "e2e_throughput": {
        "referrals",
        "notifications",
        "stages",
        "timeline",
        "post_response",
        "referrals_per_s",
        "notifications_per_s",
        "notifications_ratio_to_raw_produce",
        "consumer_outcomes",
        "cpu_ms_per_referral",
    },
    "e2e_throughput_two_replicas": {"referrals_per_s", "cpu_ms_per_referral"},
}
LATENCY_KEYS = {"p50_ms", "p95_ms", "p99_ms", "max_ms"}
STAGES = {"post_to_published", "published_to_consumed", "consumed_to_sent"}
SPREAD_SECTIONS = ("raw_kafka", "outbox_relay", "e2e_latency", "e2e_throughput")


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50
    assert percentile(values, 99) == 99
    assert percentile([3.0], 99) == 3.0


def test_spread_is_the_median_and_range_of_the_repetitions() -> None:
    s = Spread.of([300.0, 100.0, 150.0])
    assert (s.median, s.min, s.max, s.runs) == (150.0, 100.0, 300.0, 3)
    assert s.max_over_min == 3.0
    assert Spread.of([0.0, 2.0]).as_dict()["max_over_min"] is None  # no infinity in JSON


def test_cpu_of_a_process_tree_counts_this_process() -> None:
    sum(i * i for i in range(300_000))  # some CPU, so the reading cannot be zero
    assert tree_cpu_s([os.getpid()], read_stats()) > 0
    assert tree_cpu_s([], read_stats()) == 0


@pytest.mark.e2e
@pytest.mark.timeout(480)  # about 75 s on an idle 2-core machine, 220 s at load 12
def test_quick_bench_reports_every_figure_over_repetitions(tmp_path: Path) -> None:
    config = BenchConfig.quick()
    assert config.repetitions >= 3
    assert config.two_replicas

    async def run() -> dict[str, Any]:
        with make_progress(quiet=True) as progress:
            results = await run_bench(config, progress, keep_logs=tmp_path / "logs")
        with (tmp_path / "table.txt").open("w") as out:
            Console(file=out, width=140).print(table(results))
        return to_json(results)

    data = json.loads(json.dumps(asyncio.run(run())))  # what lands in results.json

    for section, keys in EXPECTED_KEYS.items():
        assert keys <= data[section].keys(), section
    assert data["raw_kafka"]["records"] == config.raw_records
    assert data["outbox_relay"]["rows"] == config.relay_rows
    assert data["e2e_latency"]["referrals"] == config.steady_referrals
    assert data["e2e_throughput"]["referrals"] == config.burst_referrals
    for figure in (
        data["raw_kafka"]["produce_per_s"],
        data["raw_kafka"]["consume_per_s"],
        data["outbox_relay"]["rows_per_s"],
        data["outbox_relay"]["ratio_to_raw_produce"],
        data["e2e_throughput"]["referrals_per_s"],
        data["e2e_throughput"]["notifications_per_s"],
        data["e2e_throughput_two_replicas"]["referrals_per_s"],
    ):
        assert figure > 0
        assert math.isfinite(figure)
    latency = data["e2e_latency"]
    assert latency["acknowledged"] > 0
    assert set(latency["latency"]) == LATENCY_KEYS
    assert set(latency["stages"]) == STAGES
    assert all(v > 0 for v in latency["latency"].values())
    _assert_burst_timeline(data["e2e_throughput"], config.burst_referrals)
    _assert_spreads_hold_their_medians(data, config.repetitions)
    _assert_cpu_was_counted(data)
    replicas = data["replicas"]
    assert replicas["ratio_two_to_one"] > 0
    assert len(replicas["handled_by_replica"]) == 2
    assert all(n > 0 for n in replicas["handled_by_replica"]), "a replica handled nothing"
    text = (tmp_path / "table.txt").read_text()
    assert "outbox relay" in text
    assert "two replicas ÷ one" in text
    assert (tmp_path / "logs" / "notifications.log").exists()
    assert (tmp_path / "logs" / "notifications-2.log").exists()
    assert headline(data)["p99_ms"]["median"] == latency["latency"]["p99_ms"]
    assert _assigned(tmp_path / "logs") >= {
        f"{topic}:{p}" for topic in ("referrals.events", "referrals.contacts") for p in range(3)
    }, "the referral topics lost partitions (auto-created before referrals made them?)"


def _assigned(logs: Path) -> set[str]:
    """Every partition the notifications replicas were given, without the run's prefix."""
    found = set()
    for log in logs.glob("notifications*.log"):
        for line in log.read_text().splitlines():
            if '"partitions assigned"' in line:
                found |= {p.split(".", 1)[1] for p in json.loads(line)["partitions"]}
    return found


def _assert_burst_timeline(burst: dict[str, Any], referrals: int) -> None:
    """Each burst referral's moments come in order, and the timeline's last is the slowest's."""
    assert set(burst["stages"]) == STAGES
    for rep in burst["repetitions"]:
        rows = rep["journeys"]["rows"]
        assert len(rows) == rep["acknowledged"] <= referrals
        for posted, answered, published, consumed, sent in rows:
            assert 0 <= posted <= answered
            assert published is None or posted <= published <= consumed
            assert consumed <= sent
        assert rep["timeline"]["sent"]["last_s"] * 1000 == pytest.approx(
            max(row[4] for row in rows), abs=0.1
        )
        assert rep["acknowledged_s"] == pytest.approx(rep["timeline"]["sent"]["last_s"])


def _assert_spreads_hold_their_medians(data: dict[str, Any], runs: int) -> None:
    for name in SPREAD_SECTIONS:
        section = data[name]
        assert len(section["repetitions"]) == runs, name
        assert section["spread"], name
        for figure, s in section["spread"].items():
            assert s["runs"] == runs, (name, figure)
            assert s["min"] <= s["median"] <= s["max"], (name, figure, s)
    # The medians reported at the single-run keys are the spreads' medians of the
    # repetitions as measured, not one repetition's figure.
    p99s = sorted(rep["latency"]["p99_ms"] for rep in data["e2e_latency"]["repetitions"])
    assert data["e2e_latency"]["latency"]["p99_ms"] == p99s[len(p99s) // 2]
    produce = sorted(rep["records"] / rep["produce_s"] for rep in data["raw_kafka"]["repetitions"])
    assert data["raw_kafka"]["produce_per_s"] == pytest.approx(produce[len(produce) // 2])


def _assert_cpu_was_counted(data: dict[str, Any]) -> None:
    for name in ("e2e_latency", "e2e_throughput", "e2e_throughput_two_replicas"):
        per_referral = data[name]["cpu_ms_per_referral"]
        assert set(per_referral) == set(MEASURED), name
        assert all(ms > 0 for ms in per_referral.values()), (name, per_referral)
        assert data[name]["notifications_cpu_ms_per_event"] > 0, name
    assert data["cpu"]["method"].startswith("utime+stime")
    idle = data["cpu"]["idle_ms_per_s"]
    assert set(idle) == {"one", "two"}
    for replicas in idle.values():
        assert set(replicas) == set(MEASURED)
        assert all(ms >= 0 for ms in replicas.values())
        assert replicas["notifications"] > 0  # its dispatcher and consumers poll

"""The bench end to end at tiny sizes: every phase runs and every figure is reported.

Timing targets are for the printed report only; on a shared 2-core machine they would
make this test flaky, so here only shape and sign are checked.
"""

from __future__ import annotations

import asyncio
import json
import math
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from t2t_cli.bench.config import BenchConfig
from t2t_cli.bench.report import table, to_json
from t2t_cli.bench.run import run_bench
from t2t_cli.bench.stats import percentile
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
    },
    "e2e_throughput": {
        "referrals",
        "notifications",
        "referrals_per_s",
        "notifications_per_s",
        "notifications_ratio_to_raw_produce",
        "consumer_outcomes",
    },
}
LATENCY_KEYS = {"p50_ms", "p95_ms", "p99_ms", "max_ms"}
STAGES = {"post_to_published", "published_to_consumed", "consumed_to_sent"}


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50
    assert percentile(values, 99) == 99
    assert percentile([3.0], 99) == 3.0


@pytest.mark.e2e
@pytest.mark.timeout(120)
def test_quick_bench_reports_every_figure(tmp_path: Path) -> None:
    config = BenchConfig.quick()

    async def run() -> dict[str, Any]:
        with make_progress(quiet=True) as progress:
            results = await run_bench(config, progress, keep_logs=tmp_path / "logs")
        with (tmp_path / "table.txt").open("w") as out:
            Console(file=out, width=100).print(table(results))
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
    ):
        assert figure > 0
        assert math.isfinite(figure)
    latency = data["e2e_latency"]
    assert latency["acknowledged"] > 0
    assert set(latency["latency"]) == LATENCY_KEYS
    assert set(latency["stages"]) == STAGES
    assert all(v > 0 for v in latency["latency"].values())
    assert "outbox relay" in (tmp_path / "table.txt").read_text()
    assert (tmp_path / "logs" / "notifications.log").exists()

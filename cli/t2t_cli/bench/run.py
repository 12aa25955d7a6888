"""One bench run: the phases in order, on one private stack that is always stopped."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.progress import Progress

from .config import BenchConfig
from .dispatch import DispatchResult, bench_dispatch
from .e2e import LatencyResult, ThroughputResult, measure_latency, measure_throughput, warm_up
from .kafka_raw import RawResult, bench_raw
from .load import ReferralClient
from .outbox import RelayResult, bench_relay
from .probe import Probe
from .stack import BenchStack
from .ui import step


@dataclass
class BenchResults:
    config: BenchConfig
    raw: RawResult
    relay: RelayResult
    warmup_s: float
    latency: LatencyResult
    throughput: ThroughputResult
    started_at: datetime
    finished_at: datetime
    machine: dict[str, Any] = field(default_factory=dict)
    dispatch: list[DispatchResult] = field(default_factory=list)


def machine() -> dict[str, Any]:
    # Load from other processes skews every figure on a small machine: record it.
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load_average_1m": os.getloadavg()[0],
    }


async def run_bench(
    config: BenchConfig, progress: Progress, *, keep_logs: Path | None = None
) -> BenchResults:
    started_at, host = datetime.now(UTC), machine()
    async with BenchStack(keep_logs=keep_logs) as stack:
        with step(progress, "PostgreSQL and Tansu") as say:
            await stack.start_infrastructure(say)
        prefix = stack.topic_prefix
        raw = await bench_raw(stack.kafka_bootstrap, f"{prefix}bench.raw", config, progress)
        relay = await bench_relay(
            await stack.database("outbox"),
            stack.kafka_bootstrap,
            f"{prefix}bench.relay",
            config,
            progress,
        )
        # The services start only now, so their background polling never touches the
        # raw and relay figures above.
        with step(progress, "SMTP catcher, referrals, notifications") as say:
            await stack.start_services(say)
        probe = await Probe.connect(
            stack.databases["notifications"],
            stack.databases["referrals"],
            f"{prefix}referrals.events",
            stack.urls["notifications"] + "/metrics",
        )
        client = ReferralClient(stack.urls["referrals"], stack.identity.key)
        try:
            warmup_s = await warm_up(client, probe, config, progress)
            latency = await measure_latency(client, probe, config, progress)
            throughput = await measure_throughput(client, probe, config, progress)
            dispatch = await bench_dispatch(stack.databases["notifications"], config, progress)
        finally:
            await client.aclose()
            await probe.close()
    return BenchResults(
        config=config,
        raw=raw,
        relay=relay,
        warmup_s=warmup_s,
        latency=latency,
        throughput=throughput,
        started_at=started_at,
        finished_at=datetime.now(UTC),
        machine=host,
        dispatch=dispatch,
    )

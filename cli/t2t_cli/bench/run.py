"""One bench run: each phase `repetitions` times, on one private stack that is always stopped."""

from __future__ import annotations

import functools
import os
import platform
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
from rich.progress import Progress

from .config import BenchConfig
from .costs import costed, idle_cpu
from .cpu import BENCH, CpuMeter
from .dispatch import DispatchResult, bench_dispatch
from .e2e import LatencyResult, ThroughputResult, measure_latency, measure_throughput, warm_up
from .kafka_raw import RawResult, bench_raw
from .load import ReferralClient
from .outbox import RelayResult, bench_relay
from .probe import Probe
from .replicas import ReplicaJoin, add_notifications_replica
from .stack import BenchStack
from .ui import step

T = TypeVar("T")
ROLES = ("referrals", "notifications", "postgres", "broker")
# The stack's roles and the bench's own process (the load generator), which shares the cores.
MEASURED = (*ROLES, BENCH)


@dataclass
class BenchResults:
    """Every repetition of every phase; `report` turns them into medians and spreads."""

    config: BenchConfig
    raw: list[RawResult]
    relay: list[RelayResult]
    warmup_s: float
    latency: list[LatencyResult]
    throughput: list[ThroughputResult]
    started_at: datetime
    finished_at: datetime
    machine: dict[str, Any] = field(default_factory=dict)
    dispatch: list[list[DispatchResult]] = field(default_factory=list)  # per repetition
    # The same burst with a second notifications replica in the group (none if skipped).
    throughput_two: list[ThroughputResult] = field(default_factory=list)
    replica_join: ReplicaJoin | None = None
    # CPU ms per second of each role with no load ("one", "two" notifications replicas).
    idle_cpu_ms_per_s: dict[str, dict[str, float]] = field(default_factory=dict)


async def analyzed(databases: dict[str, str]) -> None:
    """Planner statistics for the services' tables, as a running deployment has them.

    The stack's tables are new: until autovacuum first analyses them (a minute or more
    in), the planner plans for empty tables and PostgreSQL's CPU per referral doubled or
    tripled in the repetitions it ran in (4 December 2026).
    """
    for dsn in databases.values():
        connection = await asyncpg.connect(dsn)
        try:
            await connection.execute("ANALYZE")
        finally:
            await connection.close()


def machine() -> dict[str, Any]:
    # Load from other processes skews every figure on a small machine: record it.
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load_average_1m": os.getloadavg()[0],
    }


async def repeat(n: int, measure: Callable[[int], Awaitable[T]]) -> list[T]:
    return [await measure(i) for i in range(n)]


async def run_bench(
    config: BenchConfig, progress: Progress, *, keep_logs: Path | None = None
) -> BenchResults:
    started_at, host = datetime.now(UTC), machine()
    reps = config.repetitions
    async with BenchStack(keep_logs=keep_logs) as stack:
        with step(progress, "PostgreSQL and Tansu") as say:
            await stack.start_infrastructure(say)
        prefix, bootstrap = stack.topic_prefix, stack.kafka_bootstrap
        raw = await repeat(
            reps, lambda i: bench_raw(bootstrap, f"{prefix}bench.raw.{i}", config, progress)
        )

        async def relay_once(i: int) -> RelayResult:
            database = await stack.database(f"outbox{i}")
            return await bench_relay(
                database, bootstrap, f"{prefix}bench.relay.{i}", config, progress
            )

        relay = await repeat(reps, relay_once)
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
        meter = CpuMeter({role: functools.partial(stack.pids, role) for role in ROLES})
        throughput_two: list[ThroughputResult] = []
        join = None
        try:
            warmup_s = await warm_up(client, probe, config, progress)
            await analyzed(stack.databases)
            idle = {"one": await idle_cpu(meter, config.idle_seconds, progress, "one replica")}
            latency = await repeat(
                reps,
                lambda _: costed(
                    meter, probe, lambda: measure_latency(client, probe, config, progress)
                ),
            )

            def burst(_: int) -> Awaitable[ThroughputResult]:
                return costed(
                    meter, probe, lambda: measure_throughput(client, probe, config, progress)
                )

            throughput = await repeat(reps, burst)
            dispatch = await repeat(
                reps,
                lambda _: bench_dispatch(stack.databases["notifications"], config, progress),
            )
            if config.two_replicas:
                join = await add_notifications_replica(stack, probe, config, progress)
                await warm_up(client, probe, config, progress)
                idle["two"] = await idle_cpu(meter, config.idle_seconds, progress, "two replicas")
                throughput_two = await repeat(reps, burst)
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
        throughput_two=throughput_two,
        replica_join=join,
        idle_cpu_ms_per_s=idle,
    )

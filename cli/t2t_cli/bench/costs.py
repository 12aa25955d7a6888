"""What a phase cost each process: CPU per referral and per event, and each replica's share."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable
from typing import TypeVar

from rich.progress import Progress

from .cpu import CpuMeter, per_item_ms
from .e2e import LatencyResult, ThroughputResult
from .probe import Probe
from .ui import Counter, ticking

R = TypeVar("R", LatencyResult, ThroughputResult)


async def costed(meter: CpuMeter, probe: Probe, measure: Callable[[], Awaitable[R]]) -> R:
    """Run ``measure`` between two CPU readings of every role; its result with the costs.

    The readings bracket the whole phase, drain included: what the services spend while
    a backlog clears (and while idle polling) is part of what a referral costs.
    """
    cpu_before, handled_before = meter.read(), await probe.handled_by_replica()
    result = await measure()
    cpu_after, handled_after = meter.read(), await probe.handled_by_replica()
    events = sum(result.consumer_outcomes.values())
    return dataclasses.replace(
        result,
        cpu_ms_per_referral=per_item_ms(cpu_before, cpu_after, result.referrals),
        notifications_cpu_ms_per_event=per_item_ms(cpu_before, cpu_after, events).get(
            "notifications"
        ),
        handled_by_replica=[
            sum((after - before).values())
            for before, after in zip(handled_before, handled_after, strict=True)
        ],
    )


async def idle_cpu(
    meter: CpuMeter, seconds: float, progress: Progress, label: str
) -> dict[str, float]:
    """Milliseconds of CPU each role spends per second with no load: its polling and timers."""
    n, waited = max(1, round(seconds)), Counter()
    async with ticking(progress, f"idle, {label}: CPU", n, lambda: waited.value):
        before = meter.read()
        for _ in range(n):
            await asyncio.sleep(1.0)
            waited.add()
        after = meter.read()
    return {role: ms / n for role, ms in per_item_ms(before, after, 1).items()}

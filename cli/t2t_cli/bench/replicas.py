"""A second notifications replica joining the consumer group, waited on until it settles.

On Tansu a member joining makes the group rebalance, which takes 7-11 s; a burst started
meanwhile would measure the rebalance, not two replicas. Each replica counts the times it
was given partitions (`t2t_consumer_rebalances_total`): the group has settled once the
first replica has been given its share again, the new one has its own, and neither count
has moved for `settle_quiet_s`.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from rich.progress import Progress

from .config import BenchConfig
from .probe import Probe
from .stack import BenchStack
from .ui import step


@dataclass(frozen=True)
class ReplicaJoin:
    url: str
    settle_s: float  # from starting the process to a quiet group
    settled: bool  # False: the timeout passed first, and the figures may include a rebalance


async def add_notifications_replica(
    stack: BenchStack, probe: Probe, config: BenchConfig, progress: Progress
) -> ReplicaJoin:
    before = await probe.assignments()
    started = time.perf_counter()
    with step(progress, "second notifications replica: group settled") as say:
        say("starting a second notifications replica")
        url = await stack.add_replica("notifications")
        probe.metrics_urls.append(url + "/metrics")
        say("waiting for the consumer group to rebalance")
        settled = await settle(probe, before, config)
    return ReplicaJoin(url, time.perf_counter() - started, settled)


async def settle(probe: Probe, before: list[int], config: BenchConfig) -> bool:
    """Until every replica has been given partitions since ``before`` and none is moving."""
    deadline = time.monotonic() + config.settle_timeout_s
    last: list[int] = []
    quiet_since = time.monotonic()
    while time.monotonic() < deadline:
        counts = await probe.assignments()
        if counts != last:
            last, quiet_since = counts, time.monotonic()
        joined = all(n > (before[i] if i < len(before) else 0) for i, n in enumerate(counts))
        if joined and time.monotonic() - quiet_since >= config.settle_quiet_s:
            return True
        await asyncio.sleep(0.25)
    return False

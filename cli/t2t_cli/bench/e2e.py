"""Phase 3: a referral posted over HTTP until its acknowledgement is sent, both services live."""

from __future__ import annotations

import collections
import time
from dataclasses import dataclass, field

from rich.progress import Progress

from .config import BenchConfig
from .load import PRACTICES, Posted, ReferralClient, post_burst, post_steadily
from .probe import ACKNOWLEDGEMENT, Delivery, Probe
from .stages import Journey, journeys, stages, timeline
from .stats import summary_ms
from .ui import Counter, ticking

PER_REFERRAL = 2  # the person's acknowledgement and the practice's receipt


@dataclass(frozen=True)
class LatencyResult:
    referrals: int
    acknowledged: int  # fewer than referrals when the services fell behind the drain timeout
    offered_rate_per_s: float
    latency: dict[str, float]
    # Where the time goes: POST to relay publish, publish to consumed, consumed to sent.
    stages: dict[str, dict[str, float]]
    post_response: dict[str, float]
    failed_posts: dict[str, int]
    consumer_outcomes: dict[str, int]  # notifications' events handled, retried, dead-lettered
    # Filled in by `costs.costed`: CPU per referral by role, and notifications' per event.
    cpu_ms_per_referral: dict[str, float] = field(default_factory=dict)
    notifications_cpu_ms_per_event: float | None = None
    handled_by_replica: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class ThroughputResult:
    referrals: int
    acknowledged: int
    notifications: int
    concurrency: int
    post_s: float
    acknowledged_s: float
    all_sent_s: float
    failed_posts: dict[str, int]
    consumer_outcomes: dict[str, int]
    # As the steady phase's; and when each moment came, from the first POST (`stages.py`).
    stages: dict[str, dict[str, float]] = field(default_factory=dict)
    timeline: dict[str, dict[str, float]] = field(default_factory=dict)
    post_response: dict[str, float] = field(default_factory=dict)
    consumer_batches: int = 0  # notifications' batches of fresh events during the phase
    records_per_batch: float | None = None
    started_at: float = 0.0  # wall clock of the first POST
    journeys: list[Journey] = field(default_factory=list)
    cpu_ms_per_referral: dict[str, float] = field(default_factory=dict)
    notifications_cpu_ms_per_event: float | None = None
    handled_by_replica: list[int] = field(default_factory=list)

    @property
    def referrals_per_s(self) -> float:
        return self.acknowledged / self.acknowledged_s

    @property
    def notifications_per_s(self) -> float:
        return self.notifications / self.all_sent_s


async def warm_up(
    client: ReferralClient, probe: Probe, config: BenchConfig, progress: Progress
) -> float:
    """A referral from each practice through the whole path, one at a time.

    Its acknowledgement proves the consumers have joined their groups; and a practice's
    first referral creates it, which is rare in real life and races when concurrent.
    """
    sent, n = Counter(), len(PRACTICES)
    async with ticking(progress, "warm-up: consumers joining", n, lambda: sent.value):
        started = time.perf_counter()
        posted = [await client.post() for _ in PRACTICES]
        ids = [p.referral_id for p in posted if p is not None]
        if len(ids) < n:
            raise RuntimeError(f"warm-up referrals failed: {dict(client.errors)}")
        within = config.warmup_timeout_s
        if not await probe.wait_sent(ids, n, sent, within, ACKNOWLEDGEMENT):
            raise RuntimeError(f"the warm-up referrals were not acknowledged within {within:.0f}s")
        return time.perf_counter() - started


async def measure_latency(
    client: ReferralClient, probe: Probe, config: BenchConfig, progress: Progress
) -> LatencyResult:
    n, posts = config.steady_referrals, Counter()
    async with ticking(
        progress, f"steady {config.steady_rate:g}/s: posted", n, lambda: posts.value
    ):
        started, handled_before = time.perf_counter(), await probe.handled()
        errors_before = client.errors.copy()
        posted = await post_steadily(client, n, config.steady_rate, posts)
        offered = n / (time.perf_counter() - started)
    failed = _failed(client, errors_before, posted)
    ids = [p.referral_id for p in posted]
    await _drain(probe, ids, config, progress, "steady")
    handled = dict(await probe.handled() - handled_before)
    trips = journeys(
        posted, await probe.published(ids), _acknowledgements(await probe.deliveries(ids))
    )
    return LatencyResult(
        referrals=n,
        acknowledged=len(trips),
        offered_rate_per_s=offered,
        latency=summary_ms([j.sent - j.posted for j in trips]),
        stages=stages(trips),
        post_response=summary_ms([p.response_s for p in posted]),
        failed_posts=failed,
        consumer_outcomes=handled,
    )


async def measure_throughput(
    client: ReferralClient, probe: Probe, config: BenchConfig, progress: Progress
) -> ThroughputResult:
    n, posts = config.burst_referrals, Counter()
    label = f"burst x{config.burst_concurrency}: posted"
    async with ticking(progress, label, n, lambda: posts.value):
        handled_before, batches_before = await probe.handled(), await probe.batches()
        started_wall, started = time.time(), time.perf_counter()
        errors_before = client.errors.copy()
        posted = await post_burst(client, n, config.burst_concurrency, posts)
        post_s = time.perf_counter() - started
    failed = _failed(client, errors_before, posted)
    ids = [p.referral_id for p in posted]
    await _drain(probe, ids, config, progress, "burst")
    handled = dict(await probe.handled() - handled_before)
    batches, records = (a - b for a, b in zip(await probe.batches(), batches_before, strict=True))
    # The services' own sent_at marks the end, not our polling: it is exact.
    deliveries = await probe.deliveries(ids)
    acknowledgements = _acknowledgements(deliveries)
    trips = journeys(posted, await probe.published(ids), acknowledgements)
    return ThroughputResult(
        referrals=n,
        acknowledged=len(acknowledgements),
        notifications=len(deliveries),
        concurrency=config.burst_concurrency,
        post_s=post_s,
        acknowledged_s=max(d.sent_at for d in acknowledgements) - started_wall,
        all_sent_s=max(d.sent_at for d in deliveries) - started_wall,
        failed_posts=failed,
        consumer_outcomes=handled,
        stages=stages(trips),
        timeline=timeline(trips, started_wall),
        post_response=summary_ms([p.response_s for p in posted]),
        consumer_batches=batches,
        records_per_batch=records / batches if batches else None,
        started_at=started_wall,
        journeys=trips,
    )


async def _drain(
    probe: Probe, ids: list[str], config: BenchConfig, progress: Progress, phase: str
) -> None:
    """Wait for every notification of ``ids``, so the next phase starts with nothing queued."""
    expected, sent = len(ids) * PER_REFERRAL, Counter()
    async with ticking(progress, f"{phase}: notifications sent", expected, lambda: sent.value):
        await probe.wait_sent(ids, expected, sent, config.drain_timeout_s)
    if not sent.value:
        raise RuntimeError(f"{phase}: nothing was sent within {config.drain_timeout_s:.0f}s")


def _failed(
    client: ReferralClient, before: collections.Counter[str], posted: list[Posted]
) -> dict[str, int]:
    """The POSTs of this phase that failed, by cause; an error if none got through."""
    failed = dict(client.errors - before)
    if not posted:
        raise RuntimeError(f"every POST /referrals failed: {failed}")
    return failed


def _acknowledgements(deliveries: list[Delivery]) -> list[Delivery]:
    return [d for d in deliveries if d.template == ACKNOWLEDGEMENT]

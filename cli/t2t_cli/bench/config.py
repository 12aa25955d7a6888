"""Sizes of one bench run: the defaults fit ~3.5 minutes on a 2-core machine, `quick` ~1.

Every figure is measured `repetitions` times on the one stack the run starts, and
reported as the median and the spread (min-max) of those repetitions.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

RECORD_BYTES = 500
# Targets belong to the printed report only; tests never assert them.
TARGET_RELAY_RATIO = 0.8  # outbox relay ÷ raw produce, medians
TARGET_P99_MS = 300.0  # referral → acknowledgement at 50/s, median of the repetitions' p99
TARGET_P99_SPREAD = 2.0  # the worst repetition's p99 under this many times the best's
TARGET_BURST_PER_S = 150.0  # burst referrals acknowledged per second
TARGET_NOTIFICATIONS_CPU_MS = 2.0  # notifications' CPU per event it handles


@dataclass(frozen=True)
class BenchConfig:
    repetitions: int = 3
    raw_records: int = 20_000  # per repetition
    relay_rows: int = 10_000  # per repetition
    relay_batch_size: int = 500  # the services' default (ServiceSettings.relay_batch_size)
    steady_rate: float = 50.0  # referrals per second
    steady_seconds: float = 10.0  # per repetition
    burst_referrals: int = 300  # per repetition, with one notifications replica and with two
    burst_concurrency: int = 20
    dispatch_messages: int = 1000  # per provider and repetition: the SMS dev sink, then SMTP
    partitions: int = 3  # as the services' topics (PlatformSettings.topic_partitions)
    # A consumer-group join on Tansu takes 3-11 s; the first acknowledgement may take longer.
    warmup_timeout_s: float = 60.0
    # After the last POST: long enough for a backlog the services build at 50/s to clear.
    drain_timeout_s: float = 90.0
    # A second replica makes the group rebalance (7-11 s on Tansu): the burst waits until
    # no replica has been given partitions for this long.
    settle_quiet_s: float = 3.0
    settle_timeout_s: float = 60.0
    two_replicas: bool = True
    # CPU of each process with no load (polling, timers), measured after each warm-up.
    idle_seconds: float = 5.0

    @classmethod
    def quick(cls) -> BenchConfig:
        """Tiny sizes for the smoke test: every code path, none of the statistics."""
        return cls(
            repetitions=3,
            raw_records=500,
            relay_rows=300,
            steady_rate=10.0,
            steady_seconds=1.0,
            burst_referrals=12,
            burst_concurrency=4,
            dispatch_messages=20,
            idle_seconds=1.0,
        )

    @property
    def steady_referrals(self) -> int:
        return max(1, round(self.steady_rate * self.steady_seconds))

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

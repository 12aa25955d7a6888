"""Sizes of one bench run: the defaults fit ~3 minutes on a 2-core machine, `quick` ~1."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

RECORD_BYTES = 500
# Targets belong to the printed report only; tests never assert them.
TARGET_RELAY_RATIO = 0.5
TARGET_P99_MS = 1000.0


@dataclass(frozen=True)
class BenchConfig:
    raw_records: int = 100_000
    relay_rows: int = 50_000
    relay_batch_size: int = 500  # the services' default (ServiceSettings.relay_batch_size)
    steady_rate: float = 50.0  # referrals per second
    steady_seconds: float = 20.0
    burst_referrals: int = 500
    burst_concurrency: int = 20
    dispatch_messages: int = 2000  # per provider: the SMS dev sink, then SMTP
    partitions: int = 3  # as the services' topics (PlatformSettings.topic_partitions)
    # A consumer-group join on Tansu takes 3-11 s; the first acknowledgement may take longer.
    warmup_timeout_s: float = 60.0
    # After the last POST: long enough for a backlog the services build at 50/s to clear.
    drain_timeout_s: float = 90.0

    @classmethod
    def quick(cls) -> BenchConfig:
        """Tiny sizes for the smoke test: every code path, none of the statistics."""
        return cls(
            raw_records=2_000,
            relay_rows=1_000,
            steady_rate=10.0,
            steady_seconds=2.0,
            burst_referrals=20,
            burst_concurrency=5,
            dispatch_messages=50,
        )

    @property
    def steady_referrals(self) -> int:
        return max(1, round(self.steady_rate * self.steady_seconds))

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

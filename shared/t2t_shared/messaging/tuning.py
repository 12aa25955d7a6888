"""How a consumer fetches, batches, retries and keeps its partitions."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class ConsumerTuning:
    fetch_max_wait_ms: int = 100
    heartbeat_interval_ms: int = 100
    session_timeout_ms: int = 6000
    retry_delays_s: tuple[float, ...] = (1.0, 5.0, 30.0)
    max_batch: int = 200
    concurrency: int = 8
    max_poll_interval_ms: int = 300_000
    infra_max_backoff_s: float = 30.0

    @property
    def infra_budget_s(self) -> float:
        """How long one batch may retry in place: half the poll interval, so the consumer
        polls again (and keeps its partitions) before the broker gives up on it."""
        return self.max_poll_interval_ms / 2000

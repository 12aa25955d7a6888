"""How a consumer fetches, batches, retries and keeps its partitions."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class ConsumerTuning:
    """The events subscription's fetch wait bounds published → consumed (the broker answers
    a fetch of an idle partition only when the wait runs out), and its heartbeat how fast a
    rebalance settles (partitions are handed out on heartbeats): both short.

    The retry subscription holds every record until its due time, at least the shortest
    retry delay after it was written, so it fetches and heartbeats less often: idle, each
    request is CPU in the service and in the broker.
    """

    fetch_max_wait_ms: int = 100
    heartbeat_interval_ms: int = 100
    session_timeout_ms: int = 6000
    retry_delays_s: tuple[float, ...] = (1.0, 5.0, 30.0)
    retry_fetch_max_wait_ms: int = 1000
    retry_heartbeat_interval_ms: int = 1000
    # How long the events loop waits for records in one poll. Records end the wait at
    # once, so this sets only how often a loop with nothing to read turns.
    idle_poll_ms: int = 1000
    max_batch: int = 200
    concurrency: int = 8
    max_poll_interval_ms: int = 300_000
    infra_max_backoff_s: float = 30.0

    def __post_init__(self) -> None:
        # The broker drops a member that misses its session timeout; a heartbeat at most a
        # third of it survives two lost ones (Kafka's own rule).
        for name in ("heartbeat_interval_ms", "retry_heartbeat_interval_ms"):
            if getattr(self, name) * 3 > self.session_timeout_ms:
                raise ValueError(
                    f"{name} ({getattr(self, name)}) must be at most a third of "
                    f"session_timeout_ms ({self.session_timeout_ms})"
                )
        for name in ("fetch_max_wait_ms", "retry_fetch_max_wait_ms", "idle_poll_ms"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be positive")

    @property
    def retry_fetch_wait_ms(self) -> int:
        """The retry subscription's fetch wait: never longer than the shortest retry delay,
        so a retry is read before it is due and the wait adds nothing to it; never shorter
        than the events subscription's."""
        shortest_ms = int(min(self.retry_delays_s, default=0.0) * 1000)
        return max(self.fetch_max_wait_ms, min(self.retry_fetch_max_wait_ms, shortest_ms))

    @property
    def infra_budget_s(self) -> float:
        """How long one batch may retry in place: half the poll interval, so the consumer
        polls again (and keeps its partitions) before the broker gives up on it."""
        return self.max_poll_interval_ms / 2000

"""The relay's Prometheus metrics."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

PUBLISHED = Counter("t2t_outbox_published_total", "Outbox rows published", ["service"])
FAILURES = Counter("t2t_outbox_publish_failures_total", "Failed outbox publishes", ["service"])
PENDING = Gauge("t2t_outbox_pending", "Outbox rows not yet published", ["service"])
DELAY = Histogram(
    "t2t_outbox_delay_seconds",
    "From commit to publish, of the oldest row of each batch",
    ["service"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)

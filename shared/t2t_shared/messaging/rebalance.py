"""Partition assignments and commit failures, logged: both explain redeliveries and stalls."""

from __future__ import annotations

import logging

from aiokafka.abc import ConsumerRebalanceListener
from aiokafka.structs import TopicPartition
from prometheus_client import Counter

log = logging.getLogger(__name__)

REBALANCES = Counter(
    "t2t_consumer_rebalances_total", "Partitions assigned to or revoked from", ["group", "change"]
)
COMMIT_FAILURES = Counter(
    "t2t_consumer_commit_failures_total", "Offset commits that failed", ["group"]
)


class LoggingRebalanceListener(ConsumerRebalanceListener):  # type: ignore[misc]
    def __init__(self, group: str) -> None:
        self._group = group

    async def on_partitions_revoked(self, revoked: list[TopicPartition]) -> None:
        REBALANCES.labels(self._group, "revoked").inc()
        log.info("partitions revoked", extra={"group": self._group, "partitions": _names(revoked)})

    async def on_partitions_assigned(self, assigned: list[TopicPartition]) -> None:
        REBALANCES.labels(self._group, "assigned").inc()
        log.info(
            "partitions assigned", extra={"group": self._group, "partitions": _names(assigned)}
        )


def _names(partitions: list[TopicPartition]) -> list[str]:
    return sorted(f"{tp.topic}:{tp.partition}" for tp in partitions)

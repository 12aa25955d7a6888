"""Reads what the services did from their own databases and metrics: when each message went out.

Only the bench reads another service's tables, and only to time them: the services'
clocks and ours are the same machine's.
"""

from __future__ import annotations

import asyncio
import collections
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import asyncpg
import httpx
from prometheus_client.parser import text_string_to_metric_families

from .ui import Counter

ACKNOWLEDGEMENT = "referral_acknowledgement"


@dataclass(frozen=True)
class Delivery:
    subject_id: str
    template: str
    created_at: float  # when notifications planned it: the event had been consumed
    sent_at: float


class Probe:
    def __init__(
        self,
        notifications: asyncpg.Connection,
        referrals: asyncpg.Connection,
        events_topic: str,
        metrics_url: str,
    ) -> None:
        self._notifications, self._referrals = notifications, referrals
        self._events_topic = events_topic
        # One per notifications replica: a second replica's is added when it starts.
        self.metrics_urls = [metrics_url]

    @classmethod
    async def connect(
        cls, notifications_dsn: str, referrals_dsn: str, events_topic: str, metrics_url: str
    ) -> Probe:
        notifications = await asyncpg.connect(notifications_dsn)
        try:
            referrals = await asyncpg.connect(referrals_dsn)
        except BaseException:
            await notifications.close()
            raise
        return cls(notifications, referrals, events_topic, metrics_url)

    async def handled(self) -> collections.Counter[str]:
        """The notifications consumers' outcomes so far (ok, retry, dlq), every replica's.

        Retries explain a latency tail: each one waits out a retry delay of a second or more.
        """
        total: collections.Counter[str] = collections.Counter()
        for counts in await self.handled_by_replica():
            total += counts
        return total

    async def handled_by_replica(self) -> list[collections.Counter[str]]:
        return [
            _samples(text, "t2t_events_handled_total", "outcome") for text in await self._metrics()
        ]

    async def batches(self) -> tuple[int, int]:
        """Batches of fresh events the notifications consumers handled so far, and their records."""
        texts = await self._metrics()
        batches = sum(
            sum(_samples(t, "t2t_consumer_batches_total", "consumer").values()) for t in texts
        )
        records = sum(
            sum(_samples(t, "t2t_consumer_batch_records_total", "consumer").values()) for t in texts
        )
        return batches, records

    async def assignments(self) -> list[int]:
        """How often each replica was given partitions of the events group (not the retries')."""
        return [
            _samples(text, "t2t_consumer_rebalances_total", "change", _events_group)["assigned"]
            for text in await self._metrics()
        ]

    async def _metrics(self) -> list[str]:
        async with httpx.AsyncClient(timeout=10.0) as http:
            return [(await http.get(url)).text for url in self.metrics_urls]

    async def close(self) -> None:
        await self._notifications.close()
        await self._referrals.close()

    async def statuses(self, ids: list[str], template: str | None = None) -> dict[str, int]:
        rows = await self._notifications.fetch(
            "SELECT status, count(*) AS n FROM notifications WHERE subject_id = ANY($1::text[])"
            " AND ($2::text IS NULL OR template = $2) GROUP BY status",
            ids,
            template,
        )
        return {row["status"]: row["n"] for row in rows}

    async def wait_sent(
        self,
        ids: list[str],
        expected: int,
        sent: Counter,
        within: float,
        template: str | None = None,
    ) -> bool:
        """Poll until ``expected`` notifications about ``ids`` are sent; False if time ran out.

        Running out of time is a finding (the services fall behind), not a bench failure;
        a failed or cancelled notification is, as nothing in this load should fail.
        """
        deadline = time.monotonic() + within
        while True:
            statuses = await self.statuses(ids, template)
            sent.value = statuses.get("sent", 0)
            if statuses.get("failed") or statuses.get("cancelled"):
                raise RuntimeError(f"notifications did not all go out: {statuses}")
            if sent.value >= expected:
                return True
            if time.monotonic() > deadline:
                return False
            await asyncio.sleep(0.25)

    async def deliveries(self, ids: list[str]) -> list[Delivery]:
        rows = await self._notifications.fetch(
            "SELECT subject_id, template, created_at, sent_at FROM notifications"
            " WHERE subject_id = ANY($1::text[]) AND status = 'sent'",
            ids,
        )
        return [
            Delivery(
                r["subject_id"],
                r["template"],
                r["created_at"].timestamp(),
                r["sent_at"].timestamp(),
            )
            for r in rows
        ]

    async def published(self, ids: list[str]) -> dict[str, float]:
        """When the relay took each referral's ReferralReceived (its key is the id).

        The relay stamps `now()`, its transaction's start, so this is when the row was
        picked up, a few milliseconds before the broker acknowledged it.
        """
        rows = await self._referrals.fetch(
            "SELECT key, published_at FROM outbox WHERE topic = $1 AND key = ANY($2::text[])"
            " AND published_at IS NOT NULL",
            self._events_topic,
            ids,
        )
        return {r["key"]: r["published_at"].timestamp() for r in rows}


def _samples(
    metrics: str,
    name: str,
    label: str,
    where: Callable[[Mapping[str, str]], bool] = lambda _: True,
) -> collections.Counter[str]:
    """A counter's samples (those ``where`` keeps) summed by one label over the others."""
    by: collections.Counter[str] = collections.Counter()
    for family in text_string_to_metric_families(metrics):
        for sample in family.samples:
            if sample.name == name and where(sample.labels):
                by[sample.labels[label]] += int(sample.value)
    return by


def _events_group(labels: Mapping[str, str]) -> bool:
    return not labels.get("group", "").endswith(".retry")

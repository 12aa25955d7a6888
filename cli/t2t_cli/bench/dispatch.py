"""Phase 5: notifications' dispatch alone, through the SMS dev sink and through SMTP.

Messages are stored as due straight into the notifications database (as its consumers
would store them), so the figure is the dispatcher's: claim, check, render, send, record.
The services' own `sent_at` marks the end; the start is our commit, which the dispatcher
sees at its next poll (at most `T2T_DISPATCH_POLL_INTERVAL_S`, 0.5 s by default).
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import asyncpg
from rich.progress import Progress

from .config import BenchConfig
from .ui import Counter, ticking

TEMPLATE = "member_waitlisted"  # written for both channels; small data, no dates
DATA = json.dumps({"position": 2, "area_name": "Leeds"})


@dataclass(frozen=True)
class DispatchResult:
    channel: str  # "sms" (dev sink) or "email" (SMTP to the mail catcher)
    provider: str
    messages: int
    sent: int
    seconds: float

    @property
    def per_s(self) -> float:
        return self.sent / self.seconds if self.seconds > 0 else 0.0


async def bench_dispatch(dsn: str, config: BenchConfig, progress: Progress) -> list[DispatchResult]:
    conn = await asyncpg.connect(dsn)
    try:
        return [
            await _one(conn, "sms", "sms-sink", config, progress),
            await _one(conn, "email", "smtp", config, progress),
        ]
    finally:
        await conn.close()


async def _one(
    conn: asyncpg.Connection, channel: str, provider: str, config: BenchConfig, progress: Progress
) -> DispatchResult:
    n, subject = config.dispatch_messages, f"bench-dispatch-{channel}-{uuid.uuid4().hex[:8]}"
    sent = Counter()
    async with ticking(progress, f"dispatch via {provider}: sent", n, lambda: sent.value):
        started = await _store_due(conn, n, channel, subject)
        done = await _wait_sent(conn, subject, n, sent, config.drain_timeout_s)
        last = await conn.fetchval(
            "SELECT max(sent_at) FROM notifications WHERE subject_id = $1 AND status = 'sent'",
            subject,
        )
    seconds = (last.timestamp() - started) if last is not None else 0.0
    return DispatchResult(channel, provider, n, done, seconds)


async def _store_due(conn: asyncpg.Connection, n: int, channel: str, subject: str) -> float:
    """n recipients preferring `channel` and one due message each; returns the commit time."""
    now = datetime.now(UTC)
    people = [uuid.uuid4() for _ in range(n)]
    recipients = [
        (
            p,
            "person",
            "Sam",
            f"bench.{p.hex[:12]}@example.org",
            f"+447700900{i % 1000:03d}",
            channel,
            True,
            "{}",
            "leeds",
        )
        for i, p in enumerate(people)
    ]
    rows = [
        (uuid.uuid4(), f"{subject}-{i}", "t2t.bench.Dispatch.v1", subject, p, "person", TEMPLATE,
         "pending", DATA, 0, now, now, "leeds", "service")
        for i, p in enumerate(people)
    ]  # fmt: skip
    async with conn.transaction():
        await conn.copy_records_to_table(
            "recipients",
            records=recipients,
            columns=[
                "id", "kind", "name", "email", "mobile", "preferred_channel", "consent",
                "details", "area",
            ],
        )  # fmt: skip
        await conn.copy_records_to_table(
            "notifications",
            records=rows,
            columns=[
                "id", "cause_event_id", "cause_type", "subject_id", "recipient_id",
                "recipient_kind", "template", "status", "data", "attempts", "created_at",
                "due_at", "area", "category",
            ],
        )  # fmt: skip
    return time.time()


async def _wait_sent(
    conn: asyncpg.Connection, subject: str, n: int, sent: Counter, within: float
) -> int:
    deadline = time.monotonic() + within
    while True:
        rows = await conn.fetch(
            "SELECT status, count(*) AS n FROM notifications WHERE subject_id = $1 GROUP BY status",
            subject,
        )
        statuses = {r["status"]: r["n"] for r in rows}
        sent.value = statuses.get("sent", 0)
        if statuses.get("failed") or statuses.get("cancelled"):
            raise RuntimeError(f"dispatch bench: not every message went out: {statuses}")
        if sent.value >= n or time.monotonic() > deadline:
            return sent.value
        await asyncio.sleep(0.1)

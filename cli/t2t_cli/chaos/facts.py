"""What the checker judges, as plain data: rows of the services' databases and provider accepts.

The harness reads the services' databases directly: it is a test instrument, not a service.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import asyncpg

from .heal import HAS_OUTBOX, SCHEDULED_HORIZON_MIN
from .notify_stub import fails_permanently
from .sinks import Accept
from .topics import TopicRecord


@dataclass(frozen=True)
class Notification:
    id: str
    subject_id: str
    template: str
    status: str
    last_error: str | None = None
    recipient_id: str = ""
    scheduled: bool = False  # pending and not due yet (a reminder for a later session)


@dataclass(frozen=True)
class Referral:
    id: str
    consent: bool
    closed: bool = False
    close_outcome: str | None = None
    # Their number gets a permanent-failure receipt: a failure of their own, which counts.
    fails_permanently: bool = False
    platform_attempts: int = 0
    erased: bool = False


@dataclass(frozen=True)
class Placement:
    referral_id: str
    area: str
    format_preference: str | None
    received_at: float
    status: str
    group_id: str | None = None
    waiting_since: float | None = None
    offered_at: float | None = None


@dataclass(frozen=True)
class OutboxRow:
    id: int
    event_id: str
    topic: str
    key: str
    published: bool
    tombstone: bool = False


@dataclass
class Facts:
    notifications: list[Notification] = field(default_factory=list)
    referrals: list[Referral] = field(default_factory=list)
    capacities: dict[str, int] = field(default_factory=dict)
    placements: list[Placement] = field(default_factory=list)
    outbox: list[OutboxRow] = field(default_factory=list)
    accepts: list[Accept] = field(default_factory=list)
    records: list[TopicRecord] = field(default_factory=list)
    # Everyone notifications holds contact details for.
    recipients: set[str] = field(default_factory=set)

    @property
    def erased(self) -> set[str]:
        """People whose erasure tombstone an owner wrote."""
        return {row.key for row in self.outbox if row.tombstone and row.topic.endswith(".contacts")}


def _ts(value: datetime | None) -> float | None:
    return value.timestamp() if value is not None else None


async def read_databases(databases: dict[str, str], facts: Facts) -> None:
    for service, dsn in databases.items():
        conn = await asyncpg.connect(dsn, timeout=30)
        try:
            if await conn.fetchval(HAS_OUTBOX):
                rows = await conn.fetch(
                    "SELECT id, event_id::text AS event_id, topic, key,"
                    " published_at IS NOT NULL AS published,"
                    " value IS NULL AS tombstone FROM outbox ORDER BY id"
                )
                facts.outbox += [OutboxRow(**dict(r)) for r in rows]
            reader = _READERS.get(service)
            if reader is not None:
                await reader(conn, facts)
        finally:
            await conn.close()


async def _notifications(conn: asyncpg.Connection, facts: Facts) -> None:
    rows = await conn.fetch(
        "SELECT id::text, subject_id, template, status, last_error,"
        " recipient_id::text AS recipient_id,"
        " status = 'pending' AND due_at > now() + make_interval(mins => $1) AS scheduled"
        " FROM notifications",
        SCHEDULED_HORIZON_MIN,
    )
    facts.notifications += [Notification(**dict(r)) for r in rows]
    facts.recipients |= {r["id"] for r in await conn.fetch("SELECT id::text FROM recipients")}


async def _referrals(conn: asyncpg.Connection, facts: Facts) -> None:
    rows = await conn.fetch(
        "SELECT r.id::text AS id, r.consent_to_contact AS consent,"
        " r.closed_at IS NOT NULL AS closed, r.close_outcome, coalesce(p.mobile, '') AS mobile,"
        " r.erased_at IS NOT NULL AS erased,"
        " (SELECT count(*) FROM contact_attempts a WHERE a.referral_id = r.id"
        "   AND a.recorded_by <> 'coordinator') AS platform_attempts"
        " FROM referrals r LEFT JOIN people p ON p.id = r.person_id"
    )
    facts.referrals += [
        Referral(
            id=r["id"],
            consent=r["consent"],
            closed=r["closed"],
            close_outcome=r["close_outcome"],
            fails_permanently=fails_permanently(r["mobile"]),
            platform_attempts=r["platform_attempts"],
            erased=r["erased"],
        )
        for r in rows
    ]


async def _groups(conn: asyncpg.Connection, facts: Facts) -> None:
    for r in await conn.fetch("SELECT id::text AS id, capacity FROM groups"):
        facts.capacities[r["id"]] = r["capacity"]
    rows = await conn.fetch(
        "SELECT referral_id::text AS referral_id, area, format_preference, received_at, status,"
        " group_id::text AS group_id, waiting_since, offered_at FROM placements"
    )
    facts.placements += [
        Placement(
            referral_id=r["referral_id"],
            area=r["area"],
            format_preference=r["format_preference"],
            received_at=r["received_at"].timestamp(),
            status=r["status"],
            group_id=r["group_id"],
            waiting_since=_ts(r["waiting_since"]),
            offered_at=_ts(r["offered_at"]),
        )
        for r in rows
    ]


_READERS = {"notifications": _notifications, "referrals": _referrals, "groups": _groups}

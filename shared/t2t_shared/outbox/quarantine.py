"""Outbox rows the broker can never take: counted, then quarantined with their reason.

A quarantined row holds back the later rows of its key (their order must survive) while
other keys go on. An operator releases it as the README's operations section shows.
"""

from __future__ import annotations

import logging
from typing import Any

from prometheus_client import Counter, Gauge

log = logging.getLogger(__name__)

QUARANTINED = Counter(
    "t2t_outbox_quarantined_total",
    "Outbox rows quarantined because the broker can never take them (alert on any)",
    ["service"],
)
HELD = Gauge(
    "t2t_outbox_quarantine_held",
    "Unpublished outbox rows quarantined or waiting behind a quarantined row of their key",
    ["service"],
)


class Unpublishable(RuntimeError):
    """A batch had only rows the broker cannot take; the relay backs off before the next."""


def record_size(row: Any) -> int:
    """About what the record takes on the wire: key, value and headers."""
    size = len(row["value"] or b"") + len(row["key"].encode())
    return size + sum(
        len(k) + len(v or b"")
        for k, v in zip(row["header_keys"], row["header_values"], strict=True)
    )


def too_large(size: int, limit: int) -> str:
    """The reason stored with the row: sizes only, never the content (it may be personal)."""
    return f"RecordTooLarge: {size} bytes, more than the {limit} a record may have"


# The keys with a quarantined row, and each one's first: read once per statement. Asked per
# row instead (a correlated NOT EXISTS), the planner, from statistics taken while nothing
# was unpublished, walked every unpublished row for each row it looked at: 5,400 buffers
# for a batch of 150 out of a backlog of 900, a drain quadratic in the backlog.
HELD_KEYS = (
    "WITH held AS MATERIALIZED (SELECT topic, key, min(id) AS first FROM {table}"
    " WHERE quarantined_at IS NOT NULL AND published_at IS NULL GROUP BY topic, key)"
)

# A template of constants: `{table}` is our own table's name, never input.
HELD_QUERY = (
    HELD_KEYS + " SELECT count(*) FROM {table} o JOIN held h"  # noqa: S608
    " ON h.topic = o.topic AND h.key = o.key AND o.id >= h.first WHERE o.published_at IS NULL"
)


async def refuse(
    raw: Any, statement: str, row: Any, reason: str, *, quarantine_after: int, service: str
) -> None:
    """Count an attempt at a row the broker can never take; quarantine it after N."""
    quarantined, event_id = await raw.fetchrow(statement, row["id"], reason, quarantine_after)
    extra = {
        "service": service,
        "outbox_id": row["id"],
        "event_id": str(event_id),
        "topic": row["topic"],
        "aggregate_id": row["key"],
        "reason": reason,
    }
    if quarantined:
        QUARANTINED.labels(service).inc()
        log.error("outbox row quarantined; its key is held until released", extra=extra)
    else:
        log.warning("outbox row cannot be published", extra=extra)

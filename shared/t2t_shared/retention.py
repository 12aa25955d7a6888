"""Retention: published outbox rows and processed-message rows are deleted when old enough.

Processed-message rows must outlive every topic the service reads (the settings check it
at start-up): a record replayed from a topic then still finds its row and is skipped.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import sqlalchemy as sa
from prometheus_client import Counter
from sqlalchemy.ext.asyncio import async_sessionmaker

from t2t_shared.periodic import Periodic

log = logging.getLogger(__name__)

PRUNED = Counter(
    "t2t_pruned_rows_total", "Rows deleted by the retention policy", ["service", "table"]
)

CHUNK = 5_000


@dataclass(frozen=True)
class RetentionPolicy:
    outbox_days: float
    processed_days: float


class Pruner:
    """Deletes in chunks, each its own short transaction, so it never holds many locks."""

    def __init__(
        self,
        *,
        service: str,
        sessions: async_sessionmaker,  # type: ignore[type-arg]
        policy: RetentionPolicy,
        outbox_table: sa.Table | None = None,
        processed_table: sa.Table | None = None,
    ) -> None:
        self._service = service
        self._sessions = sessions
        self._policy = policy
        self._statements: list[tuple[str, str, float]] = []
        # Table names come from our own metadata. The outbox is walked in id order (its
        # primary key) rather than by an index on published_at, which every publish
        # would have to update.
        if outbox_table is not None:
            t = outbox_table.name
            self._statements.append(
                (
                    t,
                    f"DELETE FROM {t} WHERE id IN (SELECT id FROM {t} "  # noqa: S608
                    "WHERE published_at < now() - make_interval(secs => :age) "
                    "ORDER BY id LIMIT :chunk)",
                    policy.outbox_days,
                )
            )
        if processed_table is not None:
            t = processed_table.name
            self._statements.append(
                (
                    t,
                    f"DELETE FROM {t} WHERE ctid IN (SELECT ctid FROM {t} "  # noqa: S608
                    "WHERE processed_at < now() - make_interval(secs => :age) LIMIT :chunk)",
                    policy.processed_days,
                )
            )

    async def prune(self) -> dict[str, int]:
        """One pass over every table; returns the rows deleted from each."""
        deleted: dict[str, int] = {}
        for table, statement, days in self._statements:
            total = 0
            while True:
                async with self._sessions() as session, session.begin():
                    result = await session.execute(
                        sa.text(statement), {"age": days * 86_400, "chunk": CHUNK}
                    )
                count = int(result.rowcount or 0)
                total += count
                if count < CHUNK:
                    break
            deleted[table] = total
            if total:
                PRUNED.labels(self._service, table).inc(total)
                log.info(
                    "retention pruned rows",
                    extra={"service": self._service, "table": table, "rows": total},
                )
        return deleted

    def periodic(self, interval_s: float) -> Periodic:
        return Periodic("retention", interval_s, self.prune)

"""The relay's SQL, for the asyncpg connection it holds (SQLAlchemy's rows cost a third)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from t2t_shared.outbox.quarantine import HELD_KEYS, HELD_QUERY


@dataclass(frozen=True)
class RelayStatements:
    # First in each publishing transaction. Without it, a table whose statistics predate
    # its backlog (never analysed, or analysed empty) gets its select planned as a scan
    # of every unpublished row and a sort of them all, for each batch: a 10,000-row
    # backlog drained in quadratic time. Walking the unpublished index in id order reads
    # one batch whatever the statistics say.
    plan: str
    select: str
    mark_published: str
    unmark: str
    mark_failed: str
    mark_unpublishable: str
    held: str

    @classmethod
    def for_table(cls, table: sa.Table) -> RelayStatements:
        # The table name comes from our own metadata, never from input. Rows of a key that
        # has a quarantined row wait behind it. Plain FOR UPDATE, not SKIP LOCKED: a new
        # leader must wait for a dying leader's transaction rather than overtake its rows.
        # `$2`: the last id of the batch before in the same transaction (0 for the first),
        # whose rows are locked but not yet marked.
        t = table.name
        return cls(
            plan="SET LOCAL enable_sort = off",
            select=(
                f"{HELD_KEYS.format(table=t)} "
                "SELECT id, topic, key, key_hash, value, header_keys, header_values "
                f"FROM {t} o WHERE published_at IS NULL AND quarantined_at IS NULL "
                "AND NOT EXISTS (SELECT 1 FROM held h WHERE h.topic = o.topic "
                "AND h.key = o.key AND h.first < o.id) "
                "AND o.id > $2 ORDER BY id LIMIT $1 FOR UPDATE OF o"
            ),
            # Returns when the oldest of them was written, for the delay metric: one value
            # rather than a timestamp decoded for every row selected.
            mark_published=(
                f"WITH marked AS (UPDATE {t} SET published_at = now() WHERE id = ANY($1) "
                "RETURNING created_at) SELECT min(created_at) FROM marked"
            ),
            unmark=f"UPDATE {t} SET published_at = NULL WHERE id = ANY($1)",
            mark_failed=(
                f"UPDATE {t} SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1)"
            ),
            mark_unpublishable=(
                f"UPDATE {t} SET attempts = attempts + 1, last_error = $2, quarantined_at = "
                f"CASE WHEN attempts + 1 >= $3 THEN now() END WHERE id = $1 "
                "RETURNING quarantined_at IS NOT NULL, event_id"
            ),
            held=HELD_QUERY.format(table=t),
        )

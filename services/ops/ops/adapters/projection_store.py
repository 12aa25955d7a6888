"""Writes batches of observed events into the durable read models, with their offsets.

One transaction per batch: claim the events (a replayed or redriven copy is already
claimed and changes nothing), load the rows they touch, apply them, write the rows back and
move the offsets. A crash loses the whole batch or nothing; the observer resumes from the
offsets stored here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from ops.adapters import projection_tables as t
from ops.adapters.sql_arrays import KEEP_FIRST, add_up, insert_rows, replace_all, rows_by_key
from ops.domain.capacity import GroupState
from ops.domain.journey import Journey, erased_digest
from ops.domain.observed import ObservedEvent
from ops.domain.projection_batch import ProjectionBatch, keys_of
from ops.domain.providers import ProviderState
from ops.domain.volunteers import VolunteerState

# Serialises batches of several console replicas: each reads and rewrites whole rows.
WRITER_LOCK = 0x7432_6F70_7370_726A

Offsets = Mapping[tuple[str, int], int]

# Returns the (1-based) positions of the events applied now: the first copy of each event
# not claimed before. Sources and ids travel as two texts split by the server, and the
# positions come back as one array: thousands of array elements and result rows cost more
# to encode and decode here than the claim costs the database.
CLAIM = sa.text(
    "WITH input AS ("
    " SELECT md5(s || ' ' || i)::uuid AS k, n"
    " FROM unnest(string_to_array(:sources, :sep), string_to_array(:ids, :sep))"
    " WITH ORDINALITY AS x(s, i, n)),"
    " claimed AS (INSERT INTO projection_seen (event_key) SELECT k FROM input"
    " ON CONFLICT DO NOTHING RETURNING event_key)"
    " SELECT coalesce(array_agg(n ORDER BY n), '{}') FROM ("
    "  SELECT min(n) AS n FROM input JOIN claimed ON claimed.event_key = input.k"
    "  GROUP BY input.k) AS firsts"
)
SEPARATOR = "\x1f"  # a control character: `decode` lets none through in a source or an id


class SqlProjectionStore:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def apply(self, events: Sequence[ObservedEvent], offsets: Offsets) -> int:
        """Apply a batch and store the offsets after it; returns how many events were new."""
        async with self._engine.begin() as conn:
            await conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITER_LOCK})
            fresh = await _claim(conn, events)
            if fresh:
                batch = await _load(conn, fresh)
                batch.apply(fresh)
                await _save(conn, batch)
            await insert_rows(
                conn,
                t.projection_offsets,
                [{"topic": tp, "partition": p, "next_offset": o} for (tp, p), o in offsets.items()],
                "ON CONFLICT (topic, partition) DO UPDATE SET next_offset = "
                "GREATEST(projection_offsets.next_offset, EXCLUDED.next_offset)",
            )
        return len(fresh)

    async def offsets(self) -> dict[tuple[str, int], int]:
        async with self._engine.connect() as conn:
            rows = await conn.execute(sa.select(t.projection_offsets))
            return {(r.topic, r.partition): r.next_offset for r in rows}

    async def reset(self) -> None:
        """Forget everything derived from the topics: the next events rebuild it."""
        names = ", ".join(table.name for table in t.DERIVED)
        async with self._engine.begin() as conn:
            await conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITER_LOCK})
            await conn.execute(sa.text(f"TRUNCATE {names}"))


async def _claim(conn: AsyncConnection, events: Sequence[ObservedEvent]) -> list[ObservedEvent]:
    if not events:
        return []
    params = {
        "sources": SEPARATOR.join(e.source for e in events),
        "ids": SEPARATOR.join(e.id for e in events),
        "sep": SEPARATOR,
    }
    positions = (await conn.execute(CLAIM, params)).scalar_one()
    return [events[n - 1] for n in positions]


async def _load(conn: AsyncConnection, events: list[ObservedEvent]) -> ProjectionBatch:
    keys = keys_of(events)
    batch = ProjectionBatch()
    for row in await rows_by_key(conn, t.journeys, keys.referrals):
        batch.journeys[row["referral_id"]] = Journey(**row)
    unloaded = {erased_digest(r): r for r in keys.referrals - batch.journeys.keys()}
    for row in await rows_by_key(conn, t.erased_referrals, set(unloaded)):
        batch.erased_before.add(unloaded[row["digest"]])
    for row in await rows_by_key(conn, t.group_states, keys.groups):
        group_id, fields = _split(row, "group_id")
        batch.groups[group_id] = GroupState(**fields)
    for row in await rows_by_key(conn, t.volunteer_states, keys.volunteers):
        volunteer_id, fields = _split(row, "volunteer_id")
        batch.volunteers[volunteer_id] = VolunteerState(**fields)
    for row in await rows_by_key(conn, t.provider_states, keys.providers):
        batch.providers.states[row["provider"]] = ProviderState(**row)
    return batch


def _split(row: sa.RowMapping, key: str) -> tuple[str, dict[str, Any]]:
    fields = dict(row)
    return fields.pop(key), fields


async def _save(conn: AsyncConnection, batch: ProjectionBatch) -> None:
    # Rows are the objects' own attribute dicts (no copies): only the table's columns are read.
    journeys = [vars(j) for j in batch.journeys.values() if j.reached_any or j.waitlisted_at]
    await insert_rows(conn, t.journeys, journeys, replace_all(t.journeys))
    erased = batch.erased()
    if erased:
        await conn.execute(
            sa.text(
                "UPDATE journeys SET referral_id = 'erased-' || gen_random_uuid() "
                "WHERE referral_id = ANY(CAST(:ids AS text[]))"
            ),
            {"ids": erased},
        )
        digests = [{"digest": erased_digest(r)} for r in erased]
        await insert_rows(conn, t.erased_referrals, digests, KEEP_FIRST)
    groups = [{"group_id": k, **vars(g)} for k, g in batch.groups.items()]
    await insert_rows(conn, t.group_states, groups, replace_all(t.group_states))
    volunteers = [{"volunteer_id": k, **vars(v)} for k, v in batch.volunteers.items()]
    await insert_rows(conn, t.volunteer_states, volunteers, replace_all(t.volunteer_states))
    providers = [vars(p) for p in batch.providers.states.values()]
    await insert_rows(conn, t.provider_states, providers, replace_all(t.provider_states))
    counts = [{"type": k, "count": n} for k, n in batch.counts.items()]
    await insert_rows(conn, t.event_counts, counts, add_up(t.event_counts, "count"))
    outcomes = [vars(n) for n in batch.notifications.values()]
    await insert_rows(conn, t.notification_outcomes, outcomes, KEEP_FIRST)
    sessions = [vars(s) for s in batch.sessions.values()]
    await insert_rows(
        conn, t.session_attendance, sessions, add_up(t.session_attendance, "present", "lines")
    )
    practices = [vars(p) for p in batch.practices.values()]
    await insert_rows(conn, t.practices, practices, replace_all(t.practices))
    engagements = [vars(e) for e in batch.engagements.values()]
    await insert_rows(conn, t.practice_engagements, engagements, KEEP_FIRST)

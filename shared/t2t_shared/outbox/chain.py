"""One publishing transaction: each batch selected and built while the one before is in flight.

The rows of every batch are locked (`FOR UPDATE`) from their select until the transaction
commits, which is after the broker acknowledged the last of them: an erasure that blanks
a row waits for that commit, so a row is never sent with a value erased before it went.
While a batch is in flight the next one is selected (the rows after its last id: a row
committed late with a lower id waits for the next transaction), the batch in flight is
marked published, and the next one's record batches are built; the mark and the build
run side by side, the database working while Python builds. The next batch is handed to
the producer only once the broker has answered for this one, so a key's records never
overtake each other; after a batch with any row the broker did not take, the chain stops
before sending more, unmarks what was not acknowledged, commits what was and reports the
rest. Should the relay die before the commit, the chain's rows are published again by
the next leader, in the same order: consumers skip what they already handled (the inbox).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaProducer

from t2t_shared.outbox.batching import deliver, prepare
from t2t_shared.outbox.metrics import PUBLISHED, observe_delay
from t2t_shared.outbox.quarantine import refuse
from t2t_shared.outbox.statements import RelayStatements


@dataclass(frozen=True)
class ChainLimits:
    batch_size: int
    max_batches: int
    max_record_bytes: int
    quarantine_after: int


@dataclass
class Chain:
    """What one transaction published; `more` when it stopped at its limit, rows left.

    `failed`: rows of its last batch the broker did not acknowledge (`error` says why);
    `stuck`: its last batch had only rows no broker would take.
    """

    published: int = 0
    more: bool = False
    failed: int = 0
    error: str | None = None
    stuck: bool = False


async def publish_chain(
    raw: Any,
    producer: AIOKafkaProducer,
    sql: RelayStatements,
    limits: ChainLimits,
    *,
    service: str,
) -> Chain:
    chain = Chain()
    async with raw.transaction():
        await raw.execute(sql.plan)
        rows = await raw.fetch(sql.select, limits.batch_size, 0)
        prepared = await prepare(producer, rows, limits.max_record_bytes)
        for n in range(limits.max_batches):
            if not rows:
                break
            last = n + 1 == limits.max_batches or len(rows) < limits.batch_size
            sending = asyncio.ensure_future(deliver(producer, prepared))
            ids = [row["id"] for row in rows]
            following: list[Any] = []
            try:
                if not last:
                    # After this batch's rows: they are locked, but not marked yet.
                    following = await raw.fetch(sql.select, limits.batch_size, ids[-1])
                # Committed only once the broker has answered: what it did not
                # acknowledge is unmarked below, in this transaction.
                marking = asyncio.ensure_future(raw.fetchval(sql.mark_published, ids))
                try:
                    # The mark on its way, the next batch is built while the database
                    # and the broker work.
                    await asyncio.sleep(0)
                    prepared = await prepare(producer, following, limits.max_record_bytes)
                finally:
                    oldest = await marking
            finally:
                delivery = await sending
            ok, failed = delivery.ok, [r["id"] for r in delivery.failed]
            if len(ok) < len(rows):
                acknowledged = {row["id"] for row in ok}
                await raw.execute(sql.unmark, [i for i in ids if i not in acknowledged])
            if failed:
                await raw.execute(sql.mark_failed, failed, delivery.error)
            for row, reason in delivery.refused:
                await refuse(
                    raw,
                    sql.mark_unpublishable,
                    row,
                    reason,
                    quarantine_after=limits.quarantine_after,
                    service=service,
                )
            PUBLISHED.labels(service).inc(len(ok))
            observe_delay(service, oldest if ok else None)
            chain.published += len(ok)
            if failed or delivery.refused:
                # The rows selected behind this batch stay unpublished, unmarked: some
                # may be later records of a key that did not get through.
                chain.failed, chain.error = len(failed), delivery.error
                chain.stuck = not ok
                return chain
            chain.more = last and len(rows) == limits.batch_size
            rows = following
    return chain

"""Parked keys: while one event of a key waits on the retry topic, later ones wait behind it.

The consumer's own database holds every waiting event of a parked key, the failed one
(the head) first. Parking and releasing take a transaction lock on the key, so an event
arriving while the key is released is either parked behind (and released in turn) or
finds the key free, never left behind with nobody to release it.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from prometheus_client import Counter
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

PARKED = Counter(
    "t2t_consumer_parked_total",
    "Events held behind an earlier failed event of their key",
    ["consumer"],
)


@dataclass(frozen=True)
class ParkedRecord:
    """A stored record, shaped as the consumer reads one from the broker."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: list[tuple[str, bytes | None]]


class ParkedKeys:
    def __init__(
        self,
        sessions: async_sessionmaker,  # type: ignore[type-arg]
        table: sa.Table,
        consumer: str,
    ) -> None:
        self._sessions = sessions
        self._t = table
        self._consumer = consumer

    async def parked_among(self, keys: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        """Which of these (topic, key) pairs have events waiting: one look for a whole batch.

        Only the partition's owner starts parking a free key (and it adds the keys it parks
        while handling the batch), so a key free here stays free for the batch unless the
        batch itself parks it.
        """
        pairs = set(keys)
        if not pairs:
            return set()
        t = self._t.c
        async with self._sessions() as session:
            rows = (
                await session.execute(
                    sa.select(t.topic, t.key)
                    .distinct()
                    .where(t.consumer == self._consumer, t.key.in_({k for _, k in pairs}))
                )
            ).all()
        return {(row.topic, row.key) for row in rows} & pairs

    async def park_if_waiting(self, topic: str, record: Any) -> str | None:
        """Park `record` behind its key's waiting events; None if the key waits on nothing.

        Returns "behind", or "head" when the record is itself the key's head (a
        redelivery after its retry record could not be sent).
        """
        key = record.key.decode()
        # Nearly every key is free: look without the lock first. Only this consumer (the
        # partition's owner, one record of a key at a time) starts parking a free key.
        async with self._sessions() as session:
            if not await session.scalar(
                sa.select(sa.literal(True)).where(*self._same_key(topic, key)).limit(1)
            ):
                return None
        async with self._sessions() as session, session.begin():
            await self._lock(session, topic, key)
            rows = (
                await session.execute(
                    sa.select(self._t.c.partition, self._t.c.offset, self._t.c.is_head)
                    .where(*self._same_key(topic, key))
                    .order_by(self._t.c.id)
                )
            ).all()
            if not rows:
                return None
            for row in rows:
                if (row.partition, row.offset) == (record.partition, record.offset):
                    return "head" if row.is_head else "behind"
            await session.execute(sa.insert(self._t).values(**self._row(topic, record)))
        PARKED.labels(self._consumer).inc()
        return "behind"

    async def park_head(self, topic: str, record: Any) -> None:
        """The record failed: its key waits until it is handled or dead-lettered."""
        key = record.key.decode()
        async with self._sessions() as session, session.begin():
            await self._lock(session, topic, key)
            await session.execute(
                insert(self._t)
                .values(**self._row(topic, record), is_head=True)
                .on_conflict_do_update(constraint="uq_parked_record", set_={"is_head": True})
            )
        PARKED.labels(self._consumer).inc()

    async def settle(self, topic: str, key: str, partition: int, offset: int) -> None:
        """The head was handled or dead-lettered: take it off its key."""
        async with self._sessions() as session, session.begin():
            await self._lock(session, topic, key)
            await session.execute(
                sa.delete(self._t).where(
                    *self._same_key(topic, key),
                    self._t.c.partition == partition,
                    self._t.c.offset == offset,
                )
            )

    async def next_waiting(self, topic: str, key: str) -> ParkedRecord | None:
        """The oldest event still waiting on this key, made its head; None when free."""
        async with self._sessions() as session, session.begin():
            await self._lock(session, topic, key)
            row = (
                await session.execute(
                    sa.select(self._t).where(*self._same_key(topic, key)).order_by(self._t.c.id)
                )
            ).first()
            if row is None:
                return None
            await session.execute(
                sa.update(self._t).where(self._t.c.id == row.id).values(is_head=True)
            )
        return ParkedRecord(
            topic=row.topic,
            partition=row.partition,
            offset=row.offset,
            key=row.key.encode(),
            value=row.value,
            headers=list(zip(row.header_keys, row.header_values, strict=True)),
        )

    @asynccontextmanager
    async def releasing(self, topic: str, key: str) -> AsyncIterator[bool]:
        """True if this process is now the one releasing the key's waiting events.

        Released events run one at a time; two releasers of one key (a head redelivered
        while its retry record also arrives) could otherwise run them side by side. A
        releaser that finds the key taken leaves it to the other, which releases until no
        event waits.
        """
        name = f"t2t-release:{self._consumer}:{topic}:{key}"
        async with self._sessions() as session:
            took = await session.scalar(
                sa.text("SELECT pg_try_advisory_lock(hashtext(:k))"), {"k": name}
            )
            try:
                yield bool(took)
            finally:
                # A broken connection has freed the lock already.
                if took:
                    with contextlib.suppress(Exception):
                        await session.execute(
                            sa.text("SELECT pg_advisory_unlock(hashtext(:k))"), {"k": name}
                        )

    def _same_key(self, topic: str, key: str) -> tuple[Any, ...]:
        t = self._t.c
        return (t.consumer == self._consumer, t.topic == topic, t.key == key)

    async def _lock(self, session: AsyncSession, topic: str, key: str) -> None:
        await session.execute(
            sa.text("SELECT pg_advisory_xact_lock(hashtext(:k))"),
            {"k": f"t2t-parked:{self._consumer}:{topic}:{key}"},
        )

    def _row(self, topic: str, record: Any) -> dict[str, Any]:
        headers = [(k, v) for k, v in (record.headers or [])]
        return {
            "consumer": self._consumer,
            "topic": topic,
            "key": record.key.decode(),
            "partition": record.partition,
            "offset": record.offset,
            "value": record.value,
            "header_keys": [k for k, _ in headers],
            "header_values": [v for _, v in headers],
        }

"""Writes outbox rows on the caller's session, so they commit with the state change."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

import sqlalchemy as sa
from aiokafka.partitioner import murmur2
from sqlalchemy.ext.asyncio import AsyncSession

from t2t_shared.envelope import EventRecord, event_record
from t2t_shared.events import IntegrationEvent
from t2t_shared.outbox.blanking import blank_records
from t2t_shared.outbox.wakeup import notify_clause


def partition_hash(key: str) -> int:
    """What Kafka's default partitioner takes modulo the partition count (as the Java client)."""
    return int(murmur2(key.encode())) & 0x7FFFFFFF


def outbox_row(record: EventRecord) -> dict[str, object]:
    """The column values of one outbox row."""
    return {
        "event_id": record.event_id,
        "topic": record.topic,
        "key": record.key,
        "key_hash": partition_hash(record.key),
        "value": record.value,
        "header_keys": [k for k, _ in record.headers],
        "header_values": [v for _, v in record.headers],
    }


ROWS_PER_INSERT = 1_000
"""Rows a statement carries: a statement takes at most 32,767 parameters (seven a row)."""


def _inserts(table: sa.Table) -> dict[bool, sa.Insert]:
    """The INSERT without and with the NOTIFY that wakes a relay leader in another process."""
    plain = sa.insert(table).execution_options(insertmanyvalues_page_size=ROWS_PER_INSERT)
    return {False: plain, True: plain.returning(notify_clause(table))}


class OutboxWriter:
    """Inserts notify the relay's channel (delivered at commit) unless `notify` says no.

    A service passes `notify` as "is the relay leader elsewhere?": when it leads in this
    process, the unit of work wakes it directly, and a NOTIFY would only cost the commit
    PostgreSQL's database-wide notification lock, which serialises committing writers.
    """

    def __init__(
        self,
        session: AsyncSession,
        table: sa.Table,
        *,
        source: str,
        schema_base_url: str,
        notify: Callable[[], bool] = lambda: True,
    ) -> None:
        self._session = session
        self._table = table
        self._source = source
        self._schema_base_url = schema_base_url
        self._notify = notify
        self._inserts = _inserts(table)
        self.written = 0

    async def add_event(
        self, event: IntegrationEvent, *, topic: str, traceparent: str | None = None
    ) -> EventRecord:
        record = self._record(event, topic, traceparent)
        await self.add_records([record])
        return record

    async def add_events(self, events: list[IntegrationEvent], *, topic: str) -> list[EventRecord]:
        """Many events in one statement: a dispatcher records dozens at a time."""
        return await self.add_all([(e, topic) for e in events])

    async def add_all(self, events: Sequence[tuple[IntegrationEvent, str]]) -> list[EventRecord]:
        """Events with their topics, in this order, in one statement.

        A request that writes a contact record and two events pays one round trip, not three.
        """
        records = [self._record(event, topic, None) for event, topic in events]
        await self.add_records(records)
        return records

    async def add_record(self, record: EventRecord) -> None:
        await self.add_records([record])

    async def add_records(self, records: Sequence[EventRecord]) -> None:
        """One INSERT of many rows; their ids follow the list's order, as the relay's does."""
        if not records:
            return
        # The rows go as parameters of one cached statement, which SQLAlchemy sends as a
        # single multi-row INSERT ("insertmanyvalues", `ROWS_PER_INSERT` rows a statement).
        # `.values([...])` with the rows inlined was compiled afresh on every call: about
        # 1 ms of CPU for a request's three rows, more than the request's other statements.
        insert = self._inserts[self._notify()]
        await self._session.execute(insert, [outbox_row(r) for r in records])
        self.written += len(records)

    def _record(self, event: IntegrationEvent, topic: str, traceparent: str | None) -> EventRecord:
        return event_record(
            event,
            topic=topic,
            source=self._source,
            schema_base_url=self._schema_base_url,
            traceparent=traceparent,
        )

    async def blank_records(self, *, topic: str, keys: Collection[str]) -> int:
        """Erase these keys' records on `topic` from the outbox, published or not."""
        return await blank_records(self._session, self._table, topic=topic, keys=keys)

"""Writes outbox rows on the caller's session, so they commit with the state change."""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Sequence

import sqlalchemy as sa
from aiokafka.partitioner import murmur2
from sqlalchemy.ext.asyncio import AsyncSession

from t2t_shared import driver
from t2t_shared.envelope import EventRecord, event_record
from t2t_shared.events import IntegrationEvent
from t2t_shared.outbox.blanking import blank_records
from t2t_shared.outbox.wakeup import channel, process_token


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
_COLUMNS = ("event_id", "topic", "key", "key_hash", "value", "header_keys", "header_values")


@functools.lru_cache(maxsize=128)
def _insert_sql(table: str, rows: int, notify: bool) -> str:
    """The multi-row INSERT of `rows` rows; asyncpg prepares it once per connection.

    Sent through the session, SQLAlchemy compiled an INSERT with the rows inlined afresh
    on every call (about 1 ms of CPU for a request's three rows, more than the rest of
    the request's statements); its cached executemany form still cost 0.7 ms.
    """
    width = len(_COLUMNS)
    values = ", ".join(
        "(" + ", ".join(f"${row * width + column + 1}" for column in range(width)) + ")"
        for row in range(rows)
    )
    # Built from the table's own name and numbered parameters only: no value reaches the text.
    sql = f"INSERT INTO {table} ({', '.join(_COLUMNS)}) VALUES {values}"  # noqa: S608
    if notify:
        # pg_notify as a RETURNING column: the wake-up costs no round trip of its own.
        sql += f" RETURNING pg_notify(${rows * width + 1}, ${rows * width + 2})"
    return sql


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
        notify = self._notify()
        for start in range(0, len(records), ROWS_PER_INSERT):
            chunk = records[start : start + ROWS_PER_INSERT]
            args: list[object] = []
            for record in chunk:
                row = outbox_row(record)
                args += [row[column] for column in _COLUMNS]
            if notify:
                args += [channel(self._table), process_token()]
            sql = _insert_sql(self._table.name, len(chunk), notify)
            await driver.execute(self._session, sql, args)
            self.written += len(chunk)

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

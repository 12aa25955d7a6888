"""Writes outbox rows on the caller's session, so they commit with the state change."""

from __future__ import annotations

import base64

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from t2t_shared.envelope import EventRecord, event_record
from t2t_shared.events import IntegrationEvent


def encode_headers(record: EventRecord) -> list[list[str]]:
    return [[k, base64.b64encode(v).decode()] for k, v in record.headers]


def decode_headers(stored: list[list[str]]) -> list[tuple[str, bytes]]:
    return [(k, base64.b64decode(v)) for k, v in stored]


class OutboxWriter:
    def __init__(
        self, session: AsyncSession, table: sa.Table, *, source: str, schema_base_url: str
    ) -> None:
        self._session = session
        self._table = table
        self._source = source
        self._schema_base_url = schema_base_url
        self.written = 0

    async def add_event(
        self, event: IntegrationEvent, *, topic: str, traceparent: str | None = None
    ) -> EventRecord:
        record = event_record(
            event,
            topic=topic,
            source=self._source,
            schema_base_url=self._schema_base_url,
            traceparent=traceparent,
        )
        await self.add_record(record)
        return record

    async def add_record(self, record: EventRecord) -> None:
        await self._session.execute(
            sa.insert(self._table).values(
                event_id=record.event_id,
                topic=record.topic,
                key=record.key,
                value=record.value,
                headers=encode_headers(record),
            )
        )
        self.written += 1

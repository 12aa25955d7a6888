"""Processed-message records: how a consumer knows it has already handled an event."""

from __future__ import annotations

import functools

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession


class Inbox:
    """Claims `(consumer, ce_source, ce_id)` on the handler's own transaction.

    The claim commits together with the handler's effects, so a redelivered event finds it
    and is skipped; if the handler fails, the rollback removes the claim too.
    """

    def __init__(self, session: AsyncSession, table: sa.Table, consumer: str) -> None:
        self._session = session
        self._table = table
        self._consumer = consumer

    async def claim(self, ce_source: str, ce_id: str) -> bool:
        """True the first time this event is seen by this consumer, False on a redelivery."""
        result = await self._session.execute(
            _claim_statement(self._table),
            {"consumer": self._consumer, "ce_source": ce_source, "ce_id": ce_id},
        )
        return result.first() is not None


@functools.cache
def _claim_statement(table: sa.Table) -> sa.Executable:
    # Built once per table: building it per event was most of what a claim cost.
    return (
        insert(table)
        .values(
            consumer=sa.bindparam("consumer"),
            ce_source=sa.bindparam("ce_source"),
            ce_id=sa.bindparam("ce_id"),
        )
        .on_conflict_do_nothing()
        .returning(table.c.ce_id)
    )

"""Writes a transaction holds back and sends together: before its next statement, or its
commit, whichever comes first.

A consumer batch makes the same few writes for each of its events (a referral's facts, its
recipients' area, its messages), and nothing reads them back before the batch commits.
Sent as they came, each was a round trip, and under load a round trip waits for the
database's share of the two cores: notifications' burst was a chain of them. Held, the
writes of one statement go through asyncpg's `executemany`, which sends them all and waits
once; PostgreSQL still runs them one by one, in the order they were held, so each sees
what the one before it wrote, as when they were sent one by one.

Any other statement of the transaction sends what is held first (`driver`), so nothing it
reads or writes can miss a held write. Held writes of different statements are sent in the
order each statement was first held, not interleaved: only writes whose order between
statements cannot matter (different tables, no triggers between them) may be held.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

KEY = "t2t.held_writes"
"""Where a session keeps its held writes (`Session.info`): there only while it holds them."""


class HeldWrites:
    def __init__(self) -> None:
        self._by_statement: dict[str, list[Sequence[Any]]] = {}

    def add(self, sql: str, args: Sequence[Any]) -> None:
        self._by_statement.setdefault(sql, []).append(args)

    def take(self) -> list[tuple[str, list[Sequence[Any]]]]:
        """Everything held, by statement in the order first held; none is held after."""
        held, self._by_statement = self._by_statement, {}
        return list(held.items())

    def __bool__(self) -> bool:
        return bool(self._by_statement)

"""How the relay learns that rows were committed: told, notified, or, failing both, by polling.

A commit in the relay's own process wakes it directly (`Wakeup.set`, called by the unit
of work after its commit). A commit in another replica reaches the leader as a
PostgreSQL notification: the writing transaction runs `pg_notify` (see `OutboxWriter`),
which the server delivers only at commit, and never for a rolled-back transaction. The
leader listens on its lock's connection. Its own process's notifications are ignored,
since the direct wake already came. The relay still polls, slowly: a notification lost
with a dropped connection, or a row written by something other than `OutboxWriter`, is
then found on the next poll.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import uuid

import sqlalchemy as sa

_tokens: dict[int, str] = {}


def channel(table: sa.Table) -> str:
    """The notification channel of one outbox table (per database, as NOTIFY is)."""
    return f"t2t_outbox_{table.name}"


def process_token() -> str:
    """Names this process in its notifications; a forked child gets a token of its own."""
    pid = os.getpid()
    token = _tokens.get(pid)
    if token is None:
        token = _tokens[pid] = uuid.uuid4().hex
    return token


class Wakeup:
    """The relay's alarm: set by a commit here, by another process's notification, or by stop."""

    def __init__(self) -> None:
        self._event = asyncio.Event()
        self.stopped = asyncio.Event()

    def set(self) -> None:
        self._event.set()

    def is_set(self) -> bool:
        return self._event.is_set()

    def clear(self) -> None:
        """Called before a round selects its rows: a commit after this wakes the next round."""
        self._event.clear()

    def on_notification(self, _conn: object, _pid: int, _channel: str, payload: str) -> None:
        """asyncpg's listener callback."""
        if payload != process_token():
            self._event.set()

    def stop(self) -> None:
        self.stopped.set()
        self._event.set()

    async def wait(self, seconds: float, *, woken_by_commits: bool = True) -> bool:
        """Until set (or stopped) or `seconds` pass; True if woken."""
        target = self._event if woken_by_commits else self.stopped
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(target.wait(), timeout=seconds)
            return True
        return False

"""The notifications unit of work."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from notifications.adapters.repository import SqlNotifications, SqlRecipients, SqlWaitingEvents
from t2t_shared.inbox import Inbox
from t2t_shared.outbox.writer import OutboxWriter
from t2t_shared.uow import SqlUnitOfWork


class UnitOfWork(Protocol):
    recipients: SqlRecipients
    notifications: SqlNotifications
    waiting: SqlWaitingEvents
    outbox: OutboxWriter
    inbox: Inbox

    async def __aenter__(self) -> Self: ...
    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    async def commit(self) -> None: ...


class SqlNotificationsUnitOfWork(SqlUnitOfWork):
    recipients: SqlRecipients
    notifications: SqlNotifications
    waiting: SqlWaitingEvents

    def _open_repositories(self) -> None:
        self.recipients = SqlRecipients(self.session)
        self.notifications = SqlNotifications(self.session)
        self.waiting = SqlWaitingEvents(self.session)

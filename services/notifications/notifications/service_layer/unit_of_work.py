"""The notifications unit of work."""

from __future__ import annotations

from typing import Protocol, Self

from notifications.adapters.repository import SqlNotifications, SqlRecipients
from t2t_shared.inbox import Inbox
from t2t_shared.outbox.writer import OutboxWriter
from t2t_shared.uow import SqlUnitOfWork


class UnitOfWork(Protocol):
    recipients: SqlRecipients
    notifications: SqlNotifications
    outbox: OutboxWriter
    inbox: Inbox

    async def __aenter__(self) -> Self: ...
    async def __aexit__(self, *exc: object) -> None: ...
    async def commit(self) -> None: ...


class SqlNotificationsUnitOfWork(SqlUnitOfWork):
    recipients: SqlRecipients
    notifications: SqlNotifications

    def _open_repositories(self) -> None:
        self.recipients = SqlRecipients(self.session)
        self.notifications = SqlNotifications(self.session)

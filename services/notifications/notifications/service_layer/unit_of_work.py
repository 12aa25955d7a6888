"""The notifications unit of work."""

from __future__ import annotations

from typing import Protocol

from notifications.adapters.repository import SqlNotifications, SqlRecipients, SqlWaitingEvents
from t2t_shared.uow import SqlUnitOfWork
from t2t_shared.uow import UnitOfWork as BaseUnitOfWork


class UnitOfWork(BaseUnitOfWork, Protocol):
    recipients: SqlRecipients
    notifications: SqlNotifications
    waiting: SqlWaitingEvents


class SqlNotificationsUnitOfWork(SqlUnitOfWork):
    recipients: SqlRecipients
    notifications: SqlNotifications
    waiting: SqlWaitingEvents

    def _open_repositories(self) -> None:
        self.recipients = SqlRecipients(self.session)
        self.notifications = SqlNotifications(self.session)
        self.waiting = SqlWaitingEvents(self.session)

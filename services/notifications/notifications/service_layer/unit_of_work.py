"""The notifications unit of work."""

from __future__ import annotations

from typing import Protocol

from notifications.adapters.directory import SqlRecipients, SqlWaitingEvents
from notifications.adapters.preferences import SqlPreferences
from notifications.adapters.read_model import SqlReadModel
from notifications.adapters.repository import SqlNotifications
from t2t_shared.uow import SqlUnitOfWork
from t2t_shared.uow import UnitOfWork as BaseUnitOfWork


class UnitOfWork(BaseUnitOfWork, Protocol):
    recipients: SqlRecipients
    notifications: SqlNotifications
    waiting: SqlWaitingEvents
    preferences: SqlPreferences
    read_model: SqlReadModel


class SqlNotificationsUnitOfWork(SqlUnitOfWork):
    recipients: SqlRecipients
    notifications: SqlNotifications
    waiting: SqlWaitingEvents
    preferences: SqlPreferences
    read_model: SqlReadModel

    def _open_repositories(self) -> None:
        self.recipients = SqlRecipients(self.session)
        self.notifications = SqlNotifications(self.session)
        self.waiting = SqlWaitingEvents(self.session)
        self.preferences = SqlPreferences(self.session)
        self.read_model = SqlReadModel(self.session)

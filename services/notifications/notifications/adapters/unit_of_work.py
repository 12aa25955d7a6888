"""The SQL unit of work: the repositories, outbox and inbox on one database transaction."""

from __future__ import annotations

from notifications.adapters.claims import SqlClaims
from notifications.adapters.contact_records import SqlContactRecords
from notifications.adapters.contact_versions import SqlContactVersions
from notifications.adapters.directory import SqlRecipients
from notifications.adapters.inbox import DriverInbox
from notifications.adapters.preferences import SqlPreferences
from notifications.adapters.provider_pauses import SqlProviderPauses
from notifications.adapters.read_model import SqlReadModel
from notifications.adapters.repository import SqlNotifications
from notifications.adapters.retention import SqlRetention
from notifications.adapters.send_counts import SqlSendCounts
from notifications.adapters.waiting_events import SqlWaitingEvents
from t2t_shared.uow import SqlUnitOfWork


class SqlNotificationsUnitOfWork(SqlUnitOfWork):
    inbox: DriverInbox
    recipients: SqlRecipients
    notifications: SqlNotifications
    waiting: SqlWaitingEvents
    preferences: SqlPreferences
    read_model: SqlReadModel
    claims: SqlClaims
    pauses: SqlProviderPauses
    retention: SqlRetention
    contact_versions: SqlContactVersions
    send_counts: SqlSendCounts
    contacts: SqlContactRecords

    def _open_repositories(self) -> None:
        # The inbox claim runs on the session's own asyncpg connection (t2t_shared/driver.py).
        self.inbox = DriverInbox(self.session, self._inbox_table, self._consumer)
        self.recipients = SqlRecipients(self.session)
        self.notifications = SqlNotifications(self.session)
        self.waiting = SqlWaitingEvents(self.session)
        self.preferences = SqlPreferences(self.session)
        self.read_model = SqlReadModel(self.session)
        self.claims = SqlClaims(self.session)
        self.pauses = SqlProviderPauses(self.session)
        self.retention = SqlRetention(self.session)
        self.contact_versions = SqlContactVersions(self.session)
        self.send_counts = SqlSendCounts(self.session)
        self.contacts = SqlContactRecords(self.session, self.recipients)

"""The volunteers unit of work over PostgreSQL: every repository on the one session."""

from __future__ import annotations

from t2t_shared.contact_versions import SqlContactVersions
from t2t_shared.uow import SqlUnitOfWork
from volunteers.adapters import orm
from volunteers.adapters.queries import SqlVolunteerQueries
from volunteers.adapters.repository import SqlVolunteerRepository


class SqlVolunteersUnitOfWork(SqlUnitOfWork):
    volunteers: SqlVolunteerRepository
    queries: SqlVolunteerQueries
    contact_versions: SqlContactVersions

    def _open_repositories(self) -> None:
        self.volunteers = SqlVolunteerRepository(self.session)
        self.queries = SqlVolunteerQueries(self.session)
        self.contact_versions = SqlContactVersions(self.session, orm.contact_versions)

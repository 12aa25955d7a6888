"""The SQL unit of work: every referrals repository, the outbox and the inbox on one session."""

from __future__ import annotations

from referrals.adapters import orm
from referrals.adapters.erasure import SqlErasure
from referrals.adapters.intake import SqlIntake
from referrals.adapters.queries import SqlReferralQueries
from referrals.adapters.register import SqlOutreachLog, SqlPracticeRegister
from referrals.adapters.repository import (
    SqlIdempotencyKeys,
    SqlReferralRepository,
    SqlReferrerRepository,
)
from t2t_shared.contact_versions import SqlContactVersions
from t2t_shared.uow import SqlUnitOfWork


class SqlReferralsUnitOfWork(SqlUnitOfWork):
    referrals: SqlReferralRepository
    referrers: SqlReferrerRepository
    idempotency: SqlIdempotencyKeys
    intake: SqlIntake
    queries: SqlReferralQueries
    contact_versions: SqlContactVersions
    erasure: SqlErasure
    practices: SqlPracticeRegister
    outreach: SqlOutreachLog

    def _open_repositories(self) -> None:
        self.referrals = SqlReferralRepository(self.session)
        self.referrers = SqlReferrerRepository(self.session)
        self.idempotency = SqlIdempotencyKeys(self.session)
        self.intake = SqlIntake(self.session)
        self.queries = SqlReferralQueries(self.session)
        self.contact_versions = SqlContactVersions(self.session, orm.contact_versions)
        self.erasure = SqlErasure(self.session)
        self.practices = SqlPracticeRegister(self.session)
        self.outreach = SqlOutreachLog(self.session)

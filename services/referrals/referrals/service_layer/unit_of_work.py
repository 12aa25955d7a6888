"""The referrals unit of work: repositories, outbox and inbox on one transaction."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from referrals.adapters.repository import (
    SqlIdempotencyKeys,
    SqlReferralRepository,
    SqlReferrerRepository,
)
from t2t_shared.inbox import Inbox
from t2t_shared.outbox.writer import OutboxWriter
from t2t_shared.uow import SqlUnitOfWork


class UnitOfWork(Protocol):
    referrals: SqlReferralRepository
    referrers: SqlReferrerRepository
    idempotency: SqlIdempotencyKeys
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


class SqlReferralsUnitOfWork(SqlUnitOfWork):
    referrals: SqlReferralRepository
    referrers: SqlReferrerRepository
    idempotency: SqlIdempotencyKeys

    def _open_repositories(self) -> None:
        self.referrals = SqlReferralRepository(self.session)
        self.referrers = SqlReferrerRepository(self.session)
        self.idempotency = SqlIdempotencyKeys(self.session)

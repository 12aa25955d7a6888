"""The ports of the referrals use cases: the unit of work and the repositories it carries.

Protocols only; the SQL implementations are in `adapters/` and `bootstrap` wires them in.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from referrals.domain.duplicates import OpenMatch
from referrals.domain.erasure import ErasureAudit
from referrals.domain.journey import ContactAttempt
from referrals.domain.model import Person, Referral, Referrer
from referrals.domain.outreach import Outreach
from referrals.domain.queries import ReferrerCount, WorklistPage, WorklistQuery
from t2t_shared.uow import UnitOfWork as BaseUnitOfWork

# The version of a person's first contacts record: the one their referral's receipt writes.
FIRST_CONTACT_VERSION = 1


class ReferralRepository(Protocol):
    async def add(self, referral: Referral) -> None:
        """The referral and its person, who is new: the person's contacts-record count
        starts at `FIRST_CONTACT_VERSION`, the version a received referral publishes."""

    async def get(self, referral_id: uuid.UUID, *, for_update: bool = False) -> Referral | None:
        """One referral; `for_update` holds it until commit, so racing writers queue."""

    async def of_person(self, person_id: uuid.UUID) -> list[Referral]: ...
    async def of_people(self, person_ids: Collection[uuid.UUID]) -> list[Referral]: ...
    async def update(self, referral: Referral) -> None: ...
    async def add_attempt(self, referral_id: uuid.UUID, attempt: ContactAttempt) -> None: ...
    async def attempts(self, referral_id: uuid.UUID) -> list[ContactAttempt]: ...
    async def lock_identities(self, lock_ids: list[int]) -> None:
        """Held until commit: a second referral of the same person waits here."""

    async def flag_duplicates(
        self, referral_id: uuid.UUID, matches: list[OpenMatch], at: datetime
    ) -> None: ...


class ReferrerRepository(Protocol):
    async def get_by_ods_code(self, ods_code: str) -> Referrer | None: ...


class StoredKey(Protocol):
    @property
    def request_hash(self) -> str: ...
    @property
    def referral_id(self) -> uuid.UUID: ...


class IdempotencyKeys(Protocol):
    async def find(self, caller: str, key: str) -> StoredKey | None: ...
    async def remember(
        self, caller: str, key: str, request_hash: str, referral_id: uuid.UUID
    ) -> None:
        """Raises `policy.KeyTaken` when another transaction stored the key first."""


@dataclass(frozen=True)
class IntakeFacts:
    """What a new referral is checked against once its identities are held."""

    referrer: Referrer | None
    stored_key: StoredKey | None
    matches: list[OpenMatch]


class Intake(Protocol):
    async def facts(
        self,
        area: str,
        person: Person,
        *,
        ods_code: str | None,
        caller: str,
        idempotency_key: str | None,
    ) -> IntakeFacts:
        """The referring practice, the request's stored Idempotency-Key and the person's
        open referrals in the area (earliest first), all read at one moment."""


class ReferralQueries(Protocol):
    async def worklist(self, q: WorklistQuery) -> WorklistPage: ...
    async def referrer_counts(
        self, areas: tuple[str, ...] | None, start: datetime, end: datetime
    ) -> list[ReferrerCount]: ...


class ContactVersions(Protocol):
    async def next(self, key: uuid.UUID) -> int:
        """1 for a key's first contacts record, then one more each change."""


class Erasure(Protocol):
    async def linked_people(self, person_id: uuid.UUID) -> set[uuid.UUID]: ...
    async def forget(
        self, person_ids: Collection[uuid.UUID], referral_ids: list[uuid.UUID]
    ) -> None: ...
    async def record(self, audit: ErasureAudit) -> None: ...


class PracticeRegister(Protocol):
    async def lock(self) -> None:
        """One import at a time, until commit."""

    async def all(self) -> dict[str, Referrer]: ...
    async def get(self, ods_code: str, *, for_update: bool = False) -> Referrer | None: ...
    async def save(self, practice: Referrer) -> None: ...
    async def set_email(self, ods_code: str, email: str | None) -> None: ...


class OutreachLog(Protocol):
    async def add(self, entry: Outreach) -> None: ...
    async def of_practice(self, ods_code: str) -> list[Outreach]: ...


class UnitOfWork(BaseUnitOfWork, Protocol):
    # Read-only, so that an implementation may hold its own (SQL or fake) repository types.
    @property
    def referrals(self) -> ReferralRepository: ...
    @property
    def referrers(self) -> ReferrerRepository: ...
    @property
    def idempotency(self) -> IdempotencyKeys: ...
    @property
    def intake(self) -> Intake: ...
    @property
    def queries(self) -> ReferralQueries: ...
    @property
    def contact_versions(self) -> ContactVersions: ...
    @property
    def erasure(self) -> Erasure: ...
    @property
    def practices(self) -> PracticeRegister: ...
    @property
    def outreach(self) -> OutreachLog: ...

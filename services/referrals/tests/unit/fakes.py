"""In-memory fakes of the referrals unit of work: repositories, queries, outbox and inbox."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Self

from referrals.adapters.repository import StoredKey
from referrals.domain.journey import ContactAttempt
from referrals.domain.model import Person, Referral, Referrer
from referrals.domain.queries import ReferrerCount, WorklistPage, WorklistQuery
from t2t_shared.envelope import EventRecord
from t2t_shared.events import IntegrationEvent


class FakeReferralRepository:
    """Stores copies, as a database would: a change counts only once `update` saves it."""

    def __init__(self) -> None:
        self.by_id: dict[uuid.UUID, Referral] = {}
        self.attempts_of: dict[uuid.UUID, list[ContactAttempt]] = {}
        self.locked: list[int] = []
        self.erased_people: list[uuid.UUID] = []

    async def add(self, referral: Referral) -> None:
        self.by_id[referral.id] = referral

    async def get(self, referral_id: uuid.UUID, *, for_update: bool = False) -> Referral | None:
        found = self.by_id.get(referral_id)
        return replace(found) if found else None

    async def of_person(self, person_id: uuid.UUID) -> list[Referral]:
        return [replace(r) for r in self.by_id.values() if r.person_id == person_id]

    async def update(self, referral: Referral) -> None:
        self.by_id[referral.id] = replace(referral)

    async def add_attempt(self, referral_id: uuid.UUID, attempt: ContactAttempt) -> None:
        self.attempts_of.setdefault(referral_id, []).append(attempt)

    async def attempts(self, referral_id: uuid.UUID) -> list[ContactAttempt]:
        return list(self.attempts_of.get(referral_id, []))

    async def lock_identities(self, lock_ids: list[int]) -> None:
        self.locked.extend(lock_ids)

    async def find_open_duplicate(self, area: str, person: Person) -> uuid.UUID | None:
        for r in self.by_id.values():
            p = r.person
            if r.area != area or not r.is_open or p is None:
                continue
            same_nhs = person.nhs_number is not None and p.nhs_number == person.nhs_number
            same_who = (
                p.given_name.lower(),
                p.family_name.lower(),
                p.date_of_birth,
                p.postcode,
            ) == (
                person.given_name.lower(),
                person.family_name.lower(),
                person.date_of_birth,
                person.postcode,
            )
            if same_nhs or same_who:
                return r.id
        return None

    async def erase_person(
        self, person_id: uuid.UUID, referral_ids: list[uuid.UUID], contacts_topic: str
    ) -> None:
        self.erased_people.append(person_id)
        for rid in referral_ids:
            self.attempts_of[rid] = [replace(a, note=None) for a in self.attempts_of.get(rid, [])]


class FakeQueries:
    """Records what the routes asked; answers from the fake repository, filtering by area."""

    def __init__(self, referrals: FakeReferralRepository) -> None:
        self._referrals = referrals
        self.asked: list[WorklistQuery] = []

    async def worklist(self, q: WorklistQuery) -> WorklistPage:
        self.asked.append(q)
        found = [r for r in self._referrals.by_id.values() if q.areas is None or r.area in q.areas]
        return WorklistPage(found[q.offset : q.offset + q.limit], len(found))

    async def referrer_counts(
        self, areas: tuple[str, ...] | None, start: datetime, end: datetime
    ) -> list[ReferrerCount]:
        counts: dict[str, ReferrerCount] = {}
        for r in self._referrals.by_id.values():
            if r.referrer is None or (areas is not None and r.referrer.area not in areas):
                continue
            known = counts.get(r.referrer.ods_code, ReferrerCount(r.referrer, 0))
            counts[r.referrer.ods_code] = replace(
                known, referrals=known.referrals + (start <= r.received_at < end)
            )
        return list(counts.values())


class FakeInbox:
    def __init__(self) -> None:
        self.claimed: set[tuple[str, str]] = set()

    async def claim(self, ce_source: str, ce_id: str) -> bool:
        if (ce_source, ce_id) in self.claimed:
            return False
        self.claimed.add((ce_source, ce_id))
        return True


class FakeReferrerRepository:
    def __init__(self, *known: Referrer) -> None:
        self.by_ods: dict[str, Referrer] = {r.ods_code: r for r in known}

    async def get_by_ods_code(self, ods_code: str) -> Referrer | None:
        return self.by_ods.get(ods_code)

    async def save(self, referrer: Referrer) -> uuid.UUID:
        stored = self.by_ods.setdefault(referrer.ods_code, referrer)
        self.by_ods[referrer.ods_code] = replace(referrer, id=stored.id)
        return stored.id


class FakeIdempotencyKeys:
    def __init__(self) -> None:
        self.keys: dict[tuple[str, str], StoredKey] = {}
        self.on_remember: Callable[[], None] | None = None

    async def find(self, caller: str, key: str) -> StoredKey | None:
        return self.keys.get((caller, key))

    async def remember(
        self, caller: str, key: str, request_hash: str, referral_id: uuid.UUID
    ) -> None:
        if self.on_remember is not None:
            self.on_remember()
        self.keys[(caller, key)] = StoredKey(request_hash, referral_id)


class FakeOutbox:
    """Collects `(topic, event)`; like the real one, rows only count once committed."""

    def __init__(self) -> None:
        self.events: list[tuple[str, IntegrationEvent]] = []
        self.pending: list[tuple[str, IntegrationEvent]] = []

    async def add_event(
        self, event: IntegrationEvent, *, topic: str, traceparent: str | None = None
    ) -> None:
        self.pending.append((topic, event))

    async def add_record(self, record: EventRecord) -> None:
        self.pending.append((record.topic, record))  # type: ignore[arg-type]


class FakeContactVersions:
    def __init__(self) -> None:
        self.versions: dict[uuid.UUID, int] = {}

    async def next(self, key: uuid.UUID) -> int:
        self.versions[key] = self.versions.get(key, 0) + 1
        return self.versions[key]


class FakeUnitOfWork:
    def __init__(self) -> None:
        self.referrals = FakeReferralRepository()
        self.referrers = FakeReferrerRepository()
        self.idempotency = FakeIdempotencyKeys()
        self.outbox = FakeOutbox()
        self.inbox = FakeInbox()
        self.queries = FakeQueries(self.referrals)
        self.contact_versions = FakeContactVersions()
        self.commits = 0
        self.entered = 0

    async def __aenter__(self) -> Self:
        self.entered += 1
        self.outbox.pending = []
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.outbox.pending = []  # rolled back unless committed

    async def commit(self) -> None:
        self.commits += 1
        self.outbox.events.extend(self.outbox.pending)
        self.outbox.pending = []

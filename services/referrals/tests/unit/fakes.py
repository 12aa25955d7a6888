"""In-memory fakes of the referrals unit of work: repositories, queries, outbox and inbox."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

from referrals.adapters.repository import StoredKey
from referrals.domain.codes import MatchedBy
from referrals.domain.duplicates import OpenMatch
from referrals.domain.erasure import ErasureAudit
from referrals.domain.journey import ContactAttempt
from referrals.domain.model import DuplicateFlag, Person, Referral, Referrer
from referrals.domain.outreach import Outreach
from referrals.domain.queries import ReferrerCount, WorklistPage, WorklistQuery
from referrals.domain.register import parse_epraccur
from referrals.service_layer.unit_of_work import IntakeFacts
from t2t_shared.envelope import EventRecord
from t2t_shared.events import IntegrationEvent


class FakeReferralRepository:
    """Stores copies, as a database would: a change counts only once `update` saves it."""

    def __init__(self) -> None:
        self.by_id: dict[uuid.UUID, Referral] = {}
        self.attempts_of: dict[uuid.UUID, list[ContactAttempt]] = {}
        self.locked: list[int] = []

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

    async def of_people(self, person_ids: Collection[uuid.UUID]) -> list[Referral]:
        return [replace(r) for r in self.by_id.values() if r.person_id in person_ids]

    async def find_open_matches(self, area: str, person: Person) -> list[OpenMatch]:
        found = []
        for r in self.by_id.values():
            p = r.person
            if r.area != area or not r.is_open or p is None:
                continue
            if person.nhs_number is not None and p.nhs_number == person.nhs_number:
                found.append(OpenMatch(r.id, r.source, MatchedBy.NHS_NUMBER))
            elif same_identity(p, person):
                found.append(OpenMatch(r.id, r.source, MatchedBy.IDENTITY))
        return found

    async def flag_duplicates(
        self, referral_id: uuid.UUID, matches: list[OpenMatch], at: datetime
    ) -> None:
        for m in matches:
            for a, b in ((referral_id, m.referral_id), (m.referral_id, referral_id)):
                flags = self.by_id[a].possible_duplicates
                self.by_id[a].possible_duplicates = [*flags, DuplicateFlag(b, m.matched_by, at)]


def same_identity(a: Person, b: Person) -> bool:
    def who(p: Person) -> tuple[object, ...]:
        return (
            p.given_name.strip().lower(),
            p.family_name.strip().lower(),
            p.date_of_birth,
            p.postcode.replace(" ", "").upper(),
        )

    return who(a) == who(b)


class FakeErasure:
    """Links people by the same rule as the database; keeps the audit rows."""

    def __init__(self, referrals: FakeReferralRepository) -> None:
        self._referrals = referrals
        self.audits: list[ErasureAudit] = []
        self.forgotten: list[uuid.UUID] = []

    async def linked_people(self, person_id: uuid.UUID) -> set[uuid.UUID]:
        people = {r.person.id: r.person for r in self._referrals.by_id.values() if r.person}
        found = {person_id}
        while True:
            more = {
                pid
                for pid, p in people.items()
                for known in (people[k] for k in found if k in people)
                if (known.nhs_number and p.nhs_number == known.nhs_number)
                or same_identity(p, known)
            } - found
            if not more:
                return found
            found |= more

    async def forget(
        self, person_ids: Collection[uuid.UUID], referral_ids: list[uuid.UUID]
    ) -> None:
        self.forgotten.extend(person_ids)
        for rid in referral_ids:
            attempts = self._referrals.attempts_of.get(rid, [])
            self._referrals.attempts_of[rid] = [replace(a, note=None) for a in attempts]

    async def record(self, audit: ErasureAudit) -> None:
        self.audits.append(audit)


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


SAMPLE_REGISTER = Path(__file__).resolve().parents[4] / "examples/practices/epraccur-sample.csv"
# The sample's practices by postcode district, as the ONS directory places them.
SAMPLE_AREAS = {"LS": "leeds", "BD": "bradford", "WF": "wakefield", "HD": "kirklees"}


class FakePostcodeAreas:
    """Areas by postcode area letters (LS, BD, ...): enough for the sample register."""

    def area_of(self, postcode: str) -> str | None:
        letters = "".join(c for c in postcode[:2] if c.isalpha())
        return SAMPLE_AREAS.get(letters)

    def areas_of(self, postcodes: Iterable[str]) -> dict[str, str | None]:
        return {p: self.area_of(p) for p in postcodes}


def sample_practices(at: datetime) -> dict[str, Referrer]:
    """The shipped sample register, registered at `at`."""
    parsed = parse_epraccur(SAMPLE_REGISTER.read_bytes())
    areas = FakePostcodeAreas()
    return {
        p.ods_code: Referrer(
            id=uuid.uuid4(),
            ods_code=p.ods_code,
            name=p.name,
            area=areas.area_of(p.postcode),
            status=p.status,
            postcode=p.postcode,
            registered_at=at,
        )
        for p in parsed.practices
    }


class FakeReferrerRepository:
    def __init__(self, by_ods: dict[str, Referrer] | None = None) -> None:
        self.by_ods: dict[str, Referrer] = by_ods if by_ods is not None else {}

    async def get_by_ods_code(self, ods_code: str) -> Referrer | None:
        return self.by_ods.get(ods_code)


class FakePracticeRegister:
    """The register over the same practices the referrers repository reads."""

    def __init__(self, by_ods: dict[str, Referrer]) -> None:
        self.by_ods = by_ods

    async def lock(self) -> None:
        pass

    async def all(self) -> dict[str, Referrer]:
        return dict(self.by_ods)

    async def get(self, ods_code: str, *, for_update: bool = False) -> Referrer | None:
        return self.by_ods.get(ods_code)

    async def save(self, practice: Referrer) -> None:
        old = self.by_ods.get(practice.ods_code)
        self.by_ods[practice.ods_code] = replace(practice, email=old.email if old else None)

    async def set_email(self, ods_code: str, email: str | None) -> None:
        self.by_ods[ods_code] = replace(self.by_ods[ods_code], email=email)


class FakeOutreachLog:
    def __init__(self) -> None:
        self.entries: list[Outreach] = []

    async def add(self, entry: Outreach) -> None:
        self.entries.append(entry)

    async def of_practice(self, ods_code: str) -> list[Outreach]:
        found = [e for e in self.entries if e.ods_code == ods_code]
        return sorted(found, key=lambda e: e.engaged_at, reverse=True)


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
        self.blanked: list[str] = []
        self.events: list[tuple[str, IntegrationEvent]] = []
        self.pending: list[tuple[str, IntegrationEvent]] = []

    async def add_event(
        self, event: IntegrationEvent, *, topic: str, traceparent: str | None = None
    ) -> None:
        self.pending.append((topic, event))

    async def add_record(self, record: EventRecord) -> None:
        self.pending.append((record.topic, record))  # type: ignore[arg-type]

    async def add_all(self, events: Sequence[tuple[IntegrationEvent, str]]) -> None:
        self.pending.extend((topic, event) for event, topic in events)

    async def blank_records(self, *, topic: str, keys: Collection[str]) -> int:
        """Earlier records of these keys lose their value (as the real outbox's rows do)."""
        blanked = 0
        for rows in (self.events, self.pending):
            for n, (t, item) in enumerate(rows):
                key = getattr(item, "key", None) or str(getattr(item, "subject", ""))
                if t == topic and key in keys and not isinstance(item, EventRecord):
                    rows[n] = (t, EventRecord(topic=t, key=key, value=None))
                    blanked += 1
        self.blanked.extend(keys)
        return blanked


class FakeIntake:
    """The one-query checks of the SQL adapter, from the other fakes' state."""

    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow

    async def facts(
        self,
        area: str,
        person: Person,
        *,
        ods_code: str | None,
        caller: str,
        idempotency_key: str | None,
    ) -> IntakeFacts:
        uow = self._uow
        return IntakeFacts(
            referrer=await uow.referrers.get_by_ods_code(ods_code) if ods_code else None,
            stored_key=(
                await uow.idempotency.find(caller, idempotency_key) if idempotency_key else None
            ),
            matches=await uow.referrals.find_open_matches(area, person),
        )


class FakeContactVersions:
    def __init__(self) -> None:
        self.versions: dict[uuid.UUID, int] = {}

    async def next(self, key: uuid.UUID) -> int:
        self.versions[key] = self.versions.get(key, 0) + 1
        return self.versions[key]


class FakeUnitOfWork:
    def __init__(self) -> None:
        self.referrals = FakeReferralRepository()
        practices = sample_practices(datetime(2026, 1, 5, 9, 0, tzinfo=UTC))
        self.referrers = FakeReferrerRepository(practices)
        self.practices = FakePracticeRegister(practices)
        self.outreach = FakeOutreachLog()
        self.idempotency = FakeIdempotencyKeys()
        self.intake = FakeIntake(self)
        self.outbox = FakeOutbox()
        self.inbox = FakeInbox()
        self.queries = FakeQueries(self.referrals)
        self.contact_versions = FakeContactVersions()
        self.erasure = FakeErasure(self.referrals)
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

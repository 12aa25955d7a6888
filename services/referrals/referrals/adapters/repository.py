"""Loads and saves referrals, people, attempts and referrers on one session."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from referrals.adapters import orm
from referrals.adapters.register import practice_of
from referrals.adapters.rows import (
    duplicates_of,
    insert_values,
    person_values,
    referral_of,
    referral_values,
)
from referrals.domain.codes import AttemptChannel, AttemptOutcome, MatchedBy, RecordedBy, Source
from referrals.domain.duplicates import OpenMatch
from referrals.domain.journey import OPEN, ContactAttempt
from referrals.domain.model import Person, Referral, Referrer
from referrals.service_layer.policy import KeyTaken


class SqlReferralRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, referral: Referral) -> None:
        assert referral.person is not None
        await self._session.execute(sa.insert(orm.people).values(person_values(referral.person)))
        await self._session.execute(sa.insert(orm.referrals).values(insert_values(referral)))

    async def get(self, referral_id: uuid.UUID, *, for_update: bool = False) -> Referral | None:
        """One referral; `for_update` holds its row until commit, so racing writers queue."""
        found = await self._select(orm.referrals.c.id == referral_id, for_update=for_update)
        return found[0] if found else None

    async def of_person(self, person_id: uuid.UUID) -> list[Referral]:
        return await self._select(orm.referrals.c.person_id == person_id, for_update=True)

    async def of_people(self, person_ids: Collection[uuid.UUID]) -> list[Referral]:
        """Their referrals, held until commit, in a fixed order (no deadlock between two)."""
        found = await self._select(orm.referrals.c.person_id.in_(list(person_ids)), for_update=True)
        return sorted(found, key=lambda r: (r.received_at, str(r.id)))

    async def _select(self, where: sa.ColumnElement[bool], *, for_update: bool) -> list[Referral]:
        r, p, f = orm.referrals, orm.people, orm.referrers
        query = (
            sa.select(r, p, f, duplicates_of(r))
            .outerjoin(p, p.c.id == r.c.person_id)
            .outerjoin(f, f.c.id == r.c.referrer_id)
            .where(where)
        )
        if for_update:
            query = query.with_for_update(of=r)
        rows = (await self._session.execute(query)).all()
        return [referral_of(row._mapping) for row in rows]

    async def update(self, referral: Referral) -> None:
        await self._session.execute(
            sa.update(orm.referrals)
            .where(orm.referrals.c.id == referral.id)
            .values(referral_values(referral))
        )

    async def add_attempt(self, referral_id: uuid.UUID, attempt: ContactAttempt) -> None:
        await self._session.execute(
            sa.insert(orm.contact_attempts).values(
                referral_id=referral_id,
                number=attempt.number,
                channel=attempt.channel.value,
                outcome=attempt.outcome.value,
                recorded_by=attempt.recorded_by.value,
                attempted_at=attempt.attempted_at,
                note=attempt.note,
            )
        )

    async def attempts(self, referral_id: uuid.UUID) -> list[ContactAttempt]:
        t = orm.contact_attempts
        rows = await self._session.execute(
            sa.select(t).where(t.c.referral_id == referral_id).order_by(t.c.number)
        )
        return [
            ContactAttempt(
                number=row.number,
                channel=AttemptChannel(row.channel),
                outcome=AttemptOutcome(row.outcome),
                recorded_by=RecordedBy(row.recorded_by),
                attempted_at=row.attempted_at,
                note=row.note,
            )
            for row in rows
        ]

    async def lock_identities(self, lock_ids: list[int]) -> None:
        """Transaction-scoped advisory locks: a second referral of the same person waits."""
        for lock_id in lock_ids:
            await self._session.execute(sa.select(sa.func.pg_advisory_xact_lock(lock_id)))

    async def find_open_matches(self, area: str, person: Person) -> list[OpenMatch]:
        """Open referrals in the area that may be this person, earliest first."""
        r, p = orm.referrals, orm.people
        same_who = sa.and_(
            sa.func.lower(p.c.given_name) == person.given_name.lower(),
            sa.func.lower(p.c.family_name) == person.family_name.lower(),
            p.c.date_of_birth == person.date_of_birth,
            sa.func.replace(p.c.postcode, " ", "") == person.postcode.replace(" ", ""),
        )
        same_nhs = sa.and_(
            sa.literal(person.nhs_number is not None), p.c.nhs_number == person.nhs_number
        )
        rows = await self._session.execute(
            sa.select(r.c.id, r.c.source, same_nhs.label("by_nhs"))
            .join(p, p.c.id == r.c.person_id)
            .where(
                r.c.area == area,
                r.c.status.in_([s.value for s in OPEN]),
                sa.or_(same_nhs, same_who),
            )
            .order_by(r.c.received_at)
        )
        return [
            OpenMatch(
                row.id,
                Source(row.source),
                MatchedBy.NHS_NUMBER if row.by_nhs else MatchedBy.IDENTITY,
            )
            for row in rows
        ]

    async def flag_duplicates(
        self, referral_id: uuid.UUID, matches: list[OpenMatch], at: datetime
    ) -> None:
        """One row each way, so each referral shows the other."""
        rows = [
            {"referral_id": a, "other_id": b, "matched_by": m.matched_by.value, "flagged_at": at}
            for m in matches
            for a, b in ((referral_id, m.referral_id), (m.referral_id, referral_id))
        ]
        if rows:
            await self._session.execute(sa.insert(orm.possible_duplicates), rows)


class SqlReferrerRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get_by_ods_code(self, ods_code: str) -> Referrer | None:
        t = orm.referrers
        row = (await self._session.execute(sa.select(t).where(t.c.ods_code == ods_code))).first()
        return practice_of(row) if row else None


@dataclass(frozen=True)
class StoredKey:
    request_hash: str
    referral_id: uuid.UUID


class SqlIdempotencyKeys:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def find(self, caller: str, key: str) -> StoredKey | None:
        t = orm.idempotency_keys
        row = (
            await self._session.execute(
                sa.select(t.c.request_hash, t.c.referral_id).where(
                    t.c.caller == caller, t.c.key == key
                )
            )
        ).first()
        return StoredKey(row.request_hash, row.referral_id) if row else None

    async def remember(
        self, caller: str, key: str, request_hash: str, referral_id: uuid.UUID
    ) -> None:
        try:
            await self._session.execute(
                sa.insert(orm.idempotency_keys).values(
                    caller=caller, key=key, request_hash=request_hash, referral_id=referral_id
                )
            )
        except IntegrityError as exc:
            raise KeyTaken(key) from exc

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
from referrals.adapters.received import received_insert
from referrals.adapters.register import practice_of
from referrals.adapters.rows import (
    duplicates_of,
    insert_values,
    person_values,
    referral_of,
    referral_values,
)
from referrals.domain.codes import AttemptChannel, AttemptOutcome, RecordedBy
from referrals.domain.duplicates import OpenMatch
from referrals.domain.journey import ContactAttempt
from referrals.domain.model import Referral, Referrer
from referrals.service_layer.policy import KeyTaken
from t2t_shared.driver import Prepared

LOCK_IN_ORDER = Prepared(
    sa.text(
        "SELECT pg_advisory_xact_lock(id) FROM unnest(CAST(:ids AS BIGINT[])) "
        "WITH ORDINALITY AS l(id, n) ORDER BY n"
    )
)


class SqlReferralRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, referral: Referral) -> None:
        """The person, their contacts-record count and the referral, in one statement."""
        person = referral.person
        assert person is not None
        people, referrals = person_values(person), insert_values(referral)
        statement = received_insert(tuple(people), tuple(referrals))
        params = {"p_" + c: v for c, v in people.items()}
        params.update(("r_" + c, v) for c, v in referrals.items())
        await statement.execute(self._session, params)

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
        """Transaction-scoped advisory locks: a second referral of the same person waits.

        All in one statement, taken in the list's order (a fixed order, so two callers
        never deadlock).
        """
        await LOCK_IN_ORDER.execute(self._session, {"ids": lock_ids})

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

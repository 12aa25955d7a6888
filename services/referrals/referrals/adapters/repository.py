"""Loads and saves referrals, people and referrers on one session."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from referrals.adapters import orm
from referrals.domain.model import Channel, Person, Referral, Referrer, Source, Status


class SqlReferralRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, referral: Referral) -> None:
        p = referral.person
        await self._session.execute(
            sa.insert(orm.people).values(
                id=p.id,
                given_name=p.given_name,
                family_name=p.family_name,
                date_of_birth=p.date_of_birth,
                postcode=p.postcode,
                nhs_number=p.nhs_number,
                email=p.email,
                mobile=p.mobile,
                preferred_channel=p.preferred_channel.value,
            )
        )
        await self._session.execute(
            sa.insert(orm.referrals).values(
                id=referral.id,
                reference_code=referral.reference_code,
                status=referral.status.value,
                source=referral.source.value,
                area=referral.area,
                person_id=p.id,
                referrer_id=referral.referrer.id if referral.referrer else None,
                consent_to_contact=referral.consent_to_contact,
                notes=referral.notes,
                received_at=referral.received_at,
                version=referral.version,
            )
        )

    async def get(self, referral_id: uuid.UUID) -> Referral | None:
        r, p, f = orm.referrals, orm.people, orm.referrers
        row = (
            await self._session.execute(
                sa.select(r, p, f)
                .join(p, p.c.id == r.c.person_id)
                .outerjoin(f, f.c.id == r.c.referrer_id)
                .where(r.c.id == referral_id)
            )
        ).first()
        return _referral(row._mapping) if row else None


def _referral(m: Any) -> Referral:
    r, p, f = orm.referrals.c, orm.people.c, orm.referrers.c
    person = Person(
        id=m[p.id],
        given_name=m[p.given_name],
        family_name=m[p.family_name],
        date_of_birth=m[p.date_of_birth],
        postcode=m[p.postcode],
        nhs_number=m[p.nhs_number],
        email=m[p.email],
        mobile=m[p.mobile],
        preferred_channel=Channel(m[p.preferred_channel]),
    )
    referrer = (
        Referrer(
            id=m[f.id], ods_code=m[f.ods_code], name=m[f.name], area=m[f.area], email=m[f.email]
        )
        if m[f.id] is not None
        else None
    )
    return Referral(
        id=m[r.id],
        reference_code=m[r.reference_code],
        source=Source(m[r.source]),
        area=m[r.area],
        person=person,
        consent_to_contact=m[r.consent_to_contact],
        received_at=m[r.received_at],
        referrer=referrer,
        notes=m[r.notes],
        status=Status(m[r.status]),
        version=m[r.version],
    )


class SqlReferrerRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get_by_ods_code(self, ods_code: str) -> Referrer | None:
        t = orm.referrers
        row = (await self._session.execute(sa.select(t).where(t.c.ods_code == ods_code))).first()
        if row is None:
            return None
        return Referrer(
            id=row.id, ods_code=row.ods_code, name=row.name, area=row.area, email=row.email
        )

    async def save(self, referrer: Referrer) -> uuid.UUID:
        """Insert or update by ODS code; returns the id that stands (a racing insert's)."""
        t = orm.referrers
        values = {"name": referrer.name, "email": referrer.email, "area": referrer.area}
        stored = await self._session.scalar(
            insert(t)
            .values(id=referrer.id, ods_code=referrer.ods_code, **values)
            .on_conflict_do_update(index_elements=[t.c.ods_code], set_=values)
            .returning(t.c.id)
        )
        assert stored is not None
        return uuid.UUID(str(stored))


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
        await self._session.execute(
            sa.insert(orm.idempotency_keys).values(
                caller=caller, key=key, request_hash=request_hash, referral_id=referral_id
            )
        )

"""What erasure reads and deletes: a person's linked ids, their rows, and the audit row."""

from __future__ import annotations

import uuid
from collections.abc import Collection

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from referrals.adapters import orm
from referrals.domain.erasure import ErasureAudit

# Rounds of "same NHS number, or same identity" from the ids found so far: a person referred
# once with an NHS number, once without it, and once from a new address is found from any.
MAX_ROUNDS = 5


class SqlErasure:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def linked_people(self, person_id: uuid.UUID) -> set[uuid.UUID]:
        """Every person id whose record shares an NHS number or an identity with this one's,
        across areas, followed from each id found (the person's own id included)."""
        found = {person_id}
        for _ in range(MAX_ROUNDS):
            more = set(await self._matching(found)) - found
            if not more:
                break
            found |= more
        return found

    async def _matching(self, ids: Collection[uuid.UUID]) -> list[uuid.UUID]:
        known, other = orm.people.alias("known"), orm.people.alias("other")
        same_nhs = sa.and_(
            known.c.nhs_number.is_not(None), other.c.nhs_number == known.c.nhs_number
        )
        same_who = sa.and_(
            sa.func.lower(sa.func.trim(other.c.given_name))
            == sa.func.lower(sa.func.trim(known.c.given_name)),
            sa.func.lower(sa.func.trim(other.c.family_name))
            == sa.func.lower(sa.func.trim(known.c.family_name)),
            other.c.date_of_birth == known.c.date_of_birth,
            _postcode(other.c.postcode) == _postcode(known.c.postcode),
        )
        rows = await self._session.scalars(
            sa.select(other.c.id)
            .join(known, sa.or_(same_nhs, same_who))
            .where(known.c.id.in_(list(ids)))
            .distinct()
        )
        return [uuid.UUID(str(i)) for i in rows]

    async def forget(
        self, person_ids: Collection[uuid.UUID], referral_ids: list[uuid.UUID]
    ) -> None:
        """Delete the people's rows, the notes typed about them, the keys their requests were
        remembered by (a hash of the body is derived from their data) and the duplicate flags
        that said two submissions were the same person."""
        if not referral_ids and not person_ids:
            return
        t, keys, dup = orm.contact_attempts, orm.idempotency_keys, orm.possible_duplicates
        await self._session.execute(
            sa.update(t).where(t.c.referral_id.in_(referral_ids)).values(note=None)
        )
        await self._session.execute(sa.delete(keys).where(keys.c.referral_id.in_(referral_ids)))
        await self._session.execute(
            sa.delete(dup).where(
                sa.or_(dup.c.referral_id.in_(referral_ids), dup.c.other_id.in_(referral_ids))
            )
        )
        await self._session.execute(
            sa.delete(orm.people).where(orm.people.c.id.in_(list(person_ids)))
        )

    async def record(self, audit: ErasureAudit) -> None:
        await self._session.execute(
            sa.insert(orm.erasure_requests).values(
                id=audit.id,
                person_id=audit.person_id,
                requested_by=audit.requested_by,
                requested_role=audit.requested_role,
                requested_at=audit.requested_at,
                referrals_erased=audit.referrals_erased,
                referrals_closed=audit.referrals_closed,
                persons_tombstoned=audit.persons_tombstoned,
                outbox_rows_blanked=audit.outbox_rows_blanked,
            )
        )


def _postcode(column: sa.ColumnElement[str]) -> sa.ColumnElement[str]:
    return sa.func.upper(sa.func.replace(column, " ", ""))

# Over 200 lines: the one adapter of the read model port (referrals, groups, sessions).
"""What notifications keeps of other services' events: referrals, groups, members, sessions."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters import orm
from notifications.domain.facts import GroupFacts, ReferralFacts, SessionFacts
from t2t_shared import driver

_SAVE_REFERRAL = (
    "INSERT INTO referral_facts (referral_id, person_id, reference_code, referrer_id, ods_code)"
    " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (referral_id) DO UPDATE SET"
    " person_id = excluded.person_id, reference_code = excluded.reference_code,"
    " referrer_id = excluded.referrer_id, ods_code = excluded.ods_code"
)


class SqlReadModel:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._noted: set[tuple[uuid.UUID, str]] = set()
        # Whether a referral's facts are kept, as this transaction found or made them.
        self._kept: dict[uuid.UUID, bool] = {}

    async def lock_groups(self, ids: Sequence[uuid.UUID]) -> None:
        """Serialise a group's member and session events until the transaction ends.

        A member joining while a session is scheduled (records on two partitions, handled
        at once) would otherwise each miss the other, and the member get no reminder.
        """
        await self._session.execute(
            sa.text(
                "SELECT pg_advisory_xact_lock(hashtextextended('group:' || id, 0))"
                " FROM unnest(CAST(:ids AS text[])) AS id ORDER BY id"
            ),
            {"ids": sorted({str(i) for i in ids})},
        )

    async def save_referral(self, facts: ReferralFacts) -> None:
        values = {
            "person_id": facts.person_id,
            "reference_code": facts.reference_code,
            "referrer_id": facts.referrer_id,
            "ods_code": facts.ods_code,
        }
        if facts.reference_code:
            # Saved with its code: nothing of this person's is left without it (a referral
            # saved without one is filled in by its own transaction once it holds the
            # person's lock, or by their contact record), so noting it again would change
            # no row.
            self._noted.add((facts.person_id, facts.reference_code))
        self._kept[facts.referral_id] = True
        args = (facts.referral_id, *values.values())
        if not driver.hold(self._session, _SAVE_REFERRAL, args):
            await (await driver.connection(self._session)).execute(_SAVE_REFERRAL, *args)

    async def note_reference(self, person_id: uuid.UUID, reference_code: str) -> None:
        """Fill in the reference code of the person's referrals that were saved without it.

        Once per transaction: a transaction that saves a referral without its code fills it
        in itself once it holds the person's lock, or leaves it to their contact record.
        """
        if (person_id, reference_code) in self._noted:
            return
        self._noted.add((person_id, reference_code))
        db = await driver.connection(self._session)
        await db.execute(
            "UPDATE referral_facts SET reference_code = $2"
            " WHERE person_id = $1 AND reference_code = ''",
            person_id,
            reference_code,
        )

    async def has_referral(self, referral_id: uuid.UUID) -> bool:
        """Are its facts kept? Asked of each copy of a ReferralReceived (v2, then v1): what
        this transaction saved, or looked up for a whole batch, needs no read."""
        if referral_id not in self._kept:
            self._kept[referral_id] = await self.referral(referral_id) is not None
        return self._kept[referral_id]

    async def look_up_referrals(self, referral_ids: Sequence[uuid.UUID]) -> None:
        """Find out at once which of these referrals' facts are kept (`has_referral`)."""
        asked = sorted({i for i in referral_ids if i not in self._kept})
        if not asked:
            return
        db = await driver.current(self._session)
        rows = await db.fetch(
            "SELECT referral_id FROM referral_facts WHERE referral_id = ANY($1::uuid[])", asked
        )
        kept = {uuid.UUID(bytes=row["referral_id"].bytes) for row in rows}
        self._kept.update((i, i in kept) for i in asked)

    async def referral(self, referral_id: uuid.UUID) -> ReferralFacts | None:
        # A read: it need not begin the transaction (`seen` asks before there is one).
        db = await driver.current(self._session)
        row = await db.fetchrow(
            "SELECT person_id, reference_code, referrer_id, ods_code FROM referral_facts"
            " WHERE referral_id = $1",
            referral_id,
        )
        if row is None:
            return None
        referrer = row["referrer_id"]
        return ReferralFacts(
            referral_id,
            uuid.UUID(bytes=row["person_id"].bytes),
            row["reference_code"],
            uuid.UUID(bytes=referrer.bytes) if referrer is not None else None,
            row["ods_code"],
        )

    async def save_group(self, g: GroupFacts) -> None:
        values = {
            "area": g.area,
            "name": g.name,
            "format": g.format,
            "schedule_text": g.schedule_text,
            "venue_name": g.venue_name,
            "venue_address": g.venue_address,
            "joining_link": g.joining_link,
        }
        await self._upsert(orm.groups, ["group_id"], g.group_id, values)

    async def group(self, group_id: uuid.UUID) -> GroupFacts | None:
        t = orm.groups
        row = (await self._session.execute(sa.select(t).where(t.c.group_id == group_id))).first()
        if row is None:
            return None
        return GroupFacts(
            group_id=row.group_id,
            area=row.area,
            name=row.name,
            format=row.format,
            schedule_text=row.schedule_text,
            venue_name=row.venue_name,
            venue_address=row.venue_address,
            joining_link=row.joining_link,
        )

    async def add_member(self, group_id: uuid.UUID, person_id: uuid.UUID) -> None:
        await self._session.execute(
            insert(orm.group_members)
            .values(group_id=group_id, person_id=person_id)
            .on_conflict_do_nothing()
        )

    async def remove_member(self, group_id: uuid.UUID, person_id: uuid.UUID) -> None:
        t = orm.group_members
        await self._session.execute(
            sa.delete(t).where(t.c.group_id == group_id, t.c.person_id == person_id)
        )

    async def members(self, group_id: uuid.UUID) -> list[uuid.UUID]:
        t = orm.group_members
        rows = await self._session.execute(
            sa.select(t.c.person_id).where(t.c.group_id == group_id).order_by(t.c.person_id)
        )
        return list(rows.scalars())

    async def add_facilitators(self, group_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> None:
        if ids:
            await self._session.execute(
                insert(orm.group_facilitators).on_conflict_do_nothing(),
                [{"group_id": group_id, "volunteer_id": v} for v in ids],
            )

    async def save_session(self, s: SessionFacts) -> None:
        values = {
            "group_id": s.group_id,
            "starts_at": s.starts_at,
            "ends_at": s.ends_at,
            "venue_name": s.venue_name,
            "joining_link": s.joining_link,
            "cancelled": s.cancelled,
        }
        await self._upsert(orm.sessions, ["session_id"], s.session_id, values)

    async def session(self, session_id: uuid.UUID) -> SessionFacts | None:
        t = orm.sessions
        row = (
            await self._session.execute(sa.select(t).where(t.c.session_id == session_id))
        ).first()
        return _session(row) if row is not None else None

    async def upcoming_sessions(self, group_id: uuid.UUID, after: datetime) -> list[SessionFacts]:
        t = orm.sessions
        rows = await self._session.execute(
            sa.select(t)
            .where(t.c.group_id == group_id, t.c.starts_at > after, t.c.cancelled.is_(False))
            .order_by(t.c.starts_at)
        )
        return [_session(r) for r in rows]

    async def _upsert(
        self, table: sa.Table, key: list[str], key_value: Any, values: dict[str, Any]
    ) -> None:
        await self._session.execute(
            insert(table)
            .values({key[0]: key_value, **values})
            .on_conflict_do_update(index_elements=key, set_=values)
        )


def _session(row: Any) -> SessionFacts:
    return SessionFacts(
        session_id=row.session_id,
        group_id=row.group_id,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        venue_name=row.venue_name,
        joining_link=row.joining_link,
        cancelled=row.cancelled,
    )

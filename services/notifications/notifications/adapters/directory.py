"""The recipients directory, built from the contacts topics."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters import orm
from notifications.domain.model import Channel, Recipient, Status
from t2t_shared import driver

_UNREAD = object()
# Each exclusive or shared as its flag says, in the order given: sorted, so two lockers
# never deadlock.
_LOCK = (
    "SELECT CASE WHEN exclusive THEN pg_advisory_xact_lock(hashtextextended(id, 0))"
    " ELSE pg_advisory_xact_lock_shared(hashtextextended(id, 0)) END"
    " FROM unnest($1::text[], $2::boolean[]) AS l(id, exclusive)"
)

_NOTE_AREA = "UPDATE recipients SET area = $2 WHERE id = ANY($1::uuid[]) AND area IS NULL"


class SqlRecipients:
    """The directory, as one transaction sees it.

    Records read are kept for the rest of the transaction (a handler asks for the same
    person several times, a batch of events more), except that locking ids forgets them:
    what counts is read after the lock, which every writer of a record takes too. Once
    locked, what is read stays true until this transaction changes it (`forget`).
    """

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._read: dict[uuid.UUID, Recipient | None] = {}
        # id -> True if held exclusive, False if shared.
        self._locked: dict[uuid.UUID, bool] = {}

    async def get(self, recipient_id: uuid.UUID) -> Recipient | None:
        return (await self.get_many([recipient_id])).get(recipient_id)

    async def lock(self, ids: Sequence[uuid.UUID], *, shared: bool = False) -> None:
        """Serialise work on these recipients until the transaction ends.

        An event and its contact record can be handled at once (another partition, another
        replica): without this both could miss each other, the event parked as waiting
        after the contact looked for waiting events. Sorted, so two lockers never deadlock.

        `shared`: for work that only reads them (an event's plan): such work on one
        recipient (a practice's many referrals) runs side by side, while a writer (their
        contact record, their erasure) waits for it and it for the writer.
        """
        written, read = ([], ids) if shared else (ids, [])
        await self.lock_both(written, read)

    async def lock_both(self, written: Sequence[uuid.UUID], read: Sequence[uuid.UUID]) -> None:
        """`lock` the first exclusive and the rest shared, in one sorted pass: locked in two,
        two batches on recipients in common (two replicas) could each hold, from the first,
        one the other waits for in the second, and wait a deadlock timeout (a second)."""
        locked, exclusive = self._locked, set(written)
        wanted = {i: i in exclusive for i in {*written, *read}}
        new = {i: x for i, x in wanted.items() if i not in locked or (x and not locked[i])}
        if not new:
            return  # held until the transaction ends: asking again changes nothing
        ids = sorted(new, key=str)
        db = await driver.connection(self._session)
        await db.execute(_LOCK, [str(i) for i in ids], [new[i] for i in ids])
        # What was read under a lock already held (either kind) no writer can have changed.
        self.forget(i for i in new if i not in locked)
        locked.update(new)

    def written(self, r: Recipient) -> None:
        """This transaction upserted `r` from a contact record, under its lock: kept as it
        now stands (the area, never given by a contact record, as it was) if it was read."""
        prior = self._read.pop(r.id, _UNREAD)
        if r.id in self._locked and prior is not _UNREAD:
            area = r.area if r.area is not None else getattr(prior, "area", None)
            self._read[r.id] = replace(r, area=area)

    def forget(self, ids: Iterable[uuid.UUID]) -> None:
        """Read these again next time: this transaction has written them."""
        for i in ids:
            self._read.pop(i, None)

    async def get_many(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Recipient]:
        wanted = set(ids)
        if unread := wanted - self._read.keys():
            # A read: in the transaction if one has begun, else on its own.
            db = await driver.current(self._session)
            rows = await db.fetch(
                "SELECT id, kind, name, email, mobile, preferred_channel, consent, details, area"
                " FROM recipients WHERE id = ANY($1::uuid[])",
                list(unread),
            )
            found = {uuid.UUID(bytes=row["id"].bytes): _recipient(row) for row in rows}
            self._read.update({i: found.get(i) for i in unread})
        return {i: r for i in wanted if (r := self._read[i]) is not None}

    async def save(self, r: Recipient) -> None:
        self._read.pop(r.id, None)
        db = await driver.connection(self._session)
        # The area is learnt from events, never from a contact record: kept when not given.
        await db.execute(
            "INSERT INTO recipients AS r"
            " (id, kind, name, email, mobile, preferred_channel, consent, details, area,"
            " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, now())"
            " ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name,"
            " email = excluded.email, mobile = excluded.mobile,"
            " preferred_channel = excluded.preferred_channel, consent = excluded.consent,"
            " details = excluded.details, area = coalesce(excluded.area, r.area),"
            " updated_at = now()",
            r.id,
            r.kind,
            r.name,
            r.email,
            r.mobile,
            r.preferred_channel.value,
            r.consent,
            driver.jsonb(r.details),
            r.area,
        )

    async def note_area(self, ids: Sequence[uuid.UUID], area: str) -> None:
        """Remember the area an event placed recipients in (coordinators' scope), once."""
        if not ids or not area:
            return
        args = (list(set(ids)), area)
        if not driver.hold(self._session, _NOTE_AREA, args):
            await (await driver.connection(self._session)).execute(_NOTE_AREA, *args)
        for i in ids:
            # A copy read under the lock is kept as the statement leaves it: no longer without
            # an area (another replica's event may have given it first; planning asks only
            # whether there is one). Read again, it would send the writes held before it.
            r = self._read.pop(i, None)
            if r is not None and i in self._locked:
                self._read[i] = r if r.area is not None else replace(r, area=area)

    async def erase(self, recipient_id: uuid.UUID) -> int:
        """Delete the record and everything kept about them; cancel what was still to be sent.

        Their notifications stay as bare rows (template, channel, status, times) with their
        attempts' provider ids, and lose their content (`data`, error text): the ids are
        already on the public topic in NotificationSent/Failed, and a provider's late
        delivery receipt must still find its row.
        """
        self._read.pop(recipient_id, None)
        for table, column in (
            (orm.recipients, orm.recipients.c.id),
            (orm.preferences, orm.preferences.c.recipient_id),
            (orm.group_members, orm.group_members.c.person_id),
            (orm.group_facilitators, orm.group_facilitators.c.volunteer_id),
            (orm.referral_facts, orm.referral_facts.c.person_id),
        ):
            await self._session.execute(sa.delete(table).where(column == recipient_id))
        n, a = orm.notifications, orm.attempts
        result = await self._session.execute(
            sa.update(n)
            .where(n.c.recipient_id == recipient_id, n.c.status == Status.PENDING.value)
            .values(status=Status.CANCELLED.value, last_error="recipient erased")
        )
        await self._session.execute(
            sa.update(n).where(n.c.recipient_id == recipient_id).values(data={})
        )
        mine = sa.select(n.c.id).where(n.c.recipient_id == recipient_id).scalar_subquery()
        await self._session.execute(
            sa.update(a)
            .where(a.c.notification_id.in_(mine), a.c.error.is_not(None))
            .values(error=None)
        )
        return int(result.rowcount)  # type: ignore[attr-defined]


def _recipient(row: Any) -> Recipient:
    return Recipient(
        id=uuid.UUID(bytes=row["id"].bytes),
        kind=row["kind"],
        name=row["name"],
        email=row["email"],
        mobile=row["mobile"],
        preferred_channel=Channel(row["preferred_channel"]),
        consent=row["consent"],
        details=dict(row["details"] or {}),
        area=row["area"],
    )

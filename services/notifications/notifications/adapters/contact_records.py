"""A contact record applied in one statement: version check, directory, referrals' code,
and the events that waited for it.

Each contact record (one per referral) took five statements, each its own round trip:
the version check, the directory upsert, the reference-code fill-in and the take of
waiting events. Here they are data-modifying CTEs of one statement, every write after the
first conditional on the version being accepted, so the result is what the five gave
(run with the recipient's lock held, as they were).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters.directory import SqlRecipients
from notifications.adapters.waiting_events import waiting_of
from notifications.domain.model import Recipient
from notifications.domain.waiting import WaitingEvent
from t2t_shared import driver

_RECORD = (
    "WITH accepted AS ("
    " INSERT INTO contact_versions AS v (topic, person_id, version) VALUES ($1, $2, $3)"
    " ON CONFLICT (topic, person_id) DO UPDATE SET version = excluded.version"
    " WHERE NOT v.erased AND (excluded.version > v.version"
    " OR (excluded.version = 0 AND v.version = 0))"
    " RETURNING true),"
    " saved AS ("
    " INSERT INTO recipients AS r"
    " (id, kind, name, email, mobile, preferred_channel, consent, details, area, updated_at)"
    " SELECT $2::uuid, $4::text, $5::text, $6::text, $7::text, $8::text, $9::boolean,"
    " $10::jsonb, $11::text, now() FROM accepted"
    # The area is learnt from events, never from a contact record: kept when not given.
    " ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name,"
    " email = excluded.email, mobile = excluded.mobile,"
    " preferred_channel = excluded.preferred_channel, consent = excluded.consent,"
    " details = excluded.details, area = coalesce(excluded.area, r.area),"
    " updated_at = now()),"
    # A referral's facts learnt from ReferralReceived.v2 lack the code until now.
    " noted AS ("
    " UPDATE referral_facts SET reference_code = $12"
    " WHERE $12 <> '' AND person_id = $2 AND reference_code = ''"
    " AND EXISTS (SELECT FROM accepted)),"
    # SKIP LOCKED: see SqlWaitingEvents.take_waiting_for.
    " taken AS ("
    " DELETE FROM waiting_events WHERE EXISTS (SELECT FROM accepted) AND cause_event_id IN ("
    " SELECT cause_event_id FROM waiting_events WHERE waiting_for @> ARRAY[$2::uuid]"
    " FOR UPDATE SKIP LOCKED)"
    " RETURNING cause_event_id, cause_source, cause_type, payload, waiting_for, created_at)"
    " SELECT EXISTS (SELECT FROM accepted) AS accepted, taken.*"
    " FROM (SELECT) AS one LEFT JOIN taken ON true"
)


class SqlContactRecords:
    def __init__(self, session: AsyncSession, recipients: SqlRecipients) -> None:
        self._session = session
        self._recipients = recipients

    async def record(
        self, topic: str, recipient: Recipient, version: int, reference: str | None
    ) -> list[WaitingEvent] | None:
        db = await driver.connection(self._session)
        rows = await db.fetch(
            _RECORD,
            topic,
            recipient.id,
            version,
            recipient.kind,
            recipient.name,
            recipient.email,
            recipient.mobile,
            recipient.preferred_channel.value,
            recipient.consent,
            driver.jsonb(recipient.details),
            recipient.area,
            reference or "",
        )
        if not rows[0]["accepted"]:
            return None  # nothing written: what the directory read still holds
        self._recipients.written(recipient)
        return [waiting_of(r) for r in rows if r["cause_event_id"] is not None]

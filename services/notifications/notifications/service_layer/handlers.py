"""What notifications does with each record it consumes."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from notifications import consumed_events as inbound
from notifications.adapters.repository import WaitingEvent
from notifications.domain import rules
from notifications.domain.model import Channel, Notification, Planned, Recipient, Status
from notifications.service_layer.unit_of_work import UnitOfWork

Clock = Callable[[], datetime]
REFERRAL_RECEIVED = "t2t.referrals.ReferralReceived.v1"


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class EventMeta:
    """The envelope fields a handler needs: which event, from where, about what."""

    id: str
    source: str
    type: str


@dataclass(frozen=True)
class Planning:
    """What the rules need beyond the event: the service's settings and its clock."""

    contact_target_days: int = 2
    clock: Clock = field(default=utc_now)


async def record_person_contact(
    contact: inbound.PersonContact, uow: UnitOfWork, planning: Planning
) -> int:
    """Keep the latest details; plan what was waiting for them. Returns messages planned."""
    recipient = Recipient(
        id=contact.person_id,
        kind="person",
        name=contact.given_name,
        email=contact.email,
        mobile=contact.mobile,
        preferred_channel=Channel(contact.preferred_channel),
        consent=contact.consent_to_contact,
    )
    return await _record(recipient, uow, planning)


async def record_referrer_contact(
    contact: inbound.ReferrerContact, uow: UnitOfWork, planning: Planning
) -> int:
    recipient = Recipient(
        id=contact.referrer_id,
        kind="referrer",
        name=contact.name,
        email=contact.email,
        consent=True,
    )
    return await _record(recipient, uow, planning)


async def _record(recipient: Recipient, uow: UnitOfWork, planning: Planning) -> int:
    async with uow:
        await uow.recipients.lock([recipient.id])
        await uow.recipients.save(recipient)
        planned = 0
        for waiting in await uow.waiting.take_waiting_for(recipient.id):
            meta = EventMeta(waiting.cause_event_id, waiting.cause_source, waiting.cause_type)
            event = inbound.ReferralReceived.model_validate(waiting.payload)
            planned += await _plan_referral_received(event, meta, uow, planning)
        await uow.commit()
    return planned


async def erase_recipient(recipient_id: uuid.UUID, uow: UnitOfWork) -> int:
    """A tombstone on a contacts topic: forget the person and cancel their pending sends."""
    async with uow:
        cancelled = await uow.recipients.erase(recipient_id)
        await uow.waiting.take_waiting_for(recipient_id)
        await uow.commit()
    return cancelled


async def on_referral_received(
    event: inbound.ReferralReceived, meta: EventMeta, uow: UnitOfWork, planning: Planning
) -> int:
    """Plan the acknowledgement and the receipt; the dispatcher sends them. Returns how many."""
    async with uow:
        if not await uow.inbox.claim(meta.source, meta.id):
            return 0
        planned = await _plan_referral_received(event, meta, uow, planning)
        await uow.commit()
    return planned


async def _plan_referral_received(
    event: inbound.ReferralReceived, meta: EventMeta, uow: UnitOfWork, planning: Planning
) -> int:
    wanted = [event.person_id, *([event.referrer_id] if event.referrer_id else [])]
    await uow.recipients.lock(wanted)
    known = await uow.recipients.get_many(wanted)
    missing = [r for r in wanted if r not in known]
    if missing:
        # Its contact records have not arrived yet: they come on another topic, so they
        # may come later. The event waits here (not on the retry topic) and is planned
        # the moment the last of them is recorded.
        await uow.waiting.add(
            WaitingEvent(meta.id, meta.source, meta.type, event.model_dump(mode="json"), missing)
        )
        return 0
    plans = rules.referral_received(
        person=known[event.person_id],
        referrer=known.get(event.referrer_id) if event.referrer_id else None,
        consent_to_contact=event.consent_to_contact,
        reference_code=event.reference_code,
        area=event.area,
        source=event.source,
        received_at=event.received_at,
        ods_code=event.ods_code,
        contact_target_days=planning.contact_target_days,
    )
    now = planning.clock()
    subject = str(event.referral_id)
    return await uow.notifications.add_once(
        [_notification(plan, meta, subject_id=subject, now=now) for plan in plans]
    )


def _notification(
    plan: Planned, meta: EventMeta, *, subject_id: str, now: datetime
) -> Notification:
    return Notification(
        id=uuid.uuid4(),
        cause_event_id=meta.id,
        cause_type=meta.type,
        subject_id=subject_id,
        recipient_id=plan.recipient_id,
        recipient_kind=plan.recipient_kind,
        template=plan.template,
        channel=plan.channel,
        status=Status.PENDING,
        data=plan.data,
        created_at=now,
        due_at=now,
    )

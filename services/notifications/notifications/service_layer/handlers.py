"""What notifications does with each record it consumes."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from notifications import consumed_events as inbound
from notifications.domain import rules
from notifications.domain.model import Channel, Notification, Planned, Recipient, Status
from notifications.service_layer.unit_of_work import UnitOfWork

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class RecipientNotKnownYet(Exception):
    """The contact record has not arrived yet (topics are not ordered): retry later."""


@dataclass(frozen=True)
class EventMeta:
    """The envelope fields a handler needs: which event, from where, about what."""

    id: str
    source: str
    type: str


async def record_person_contact(
    contact: inbound.PersonContact, meta: EventMeta, uow: UnitOfWork
) -> None:
    async with uow:
        await uow.recipients.save(
            Recipient(
                id=contact.person_id,
                kind="person",
                name=contact.given_name,
                email=contact.email,
                mobile=contact.mobile,
                preferred_channel=Channel(contact.preferred_channel),
                consent=contact.consent_to_contact,
            )
        )
        await uow.commit()


async def record_referrer_contact(
    contact: inbound.ReferrerContact, meta: EventMeta, uow: UnitOfWork
) -> None:
    async with uow:
        await uow.recipients.save(
            Recipient(
                id=contact.referrer_id,
                kind="referrer",
                name=contact.name,
                email=contact.email,
                consent=True,
            )
        )
        await uow.commit()


async def erase_recipient(recipient_id: uuid.UUID, uow: UnitOfWork) -> int:
    """A tombstone on a contacts topic: forget the person and cancel their pending sends."""
    async with uow:
        cancelled = await uow.recipients.erase(recipient_id)
        await uow.commit()
    return cancelled


async def on_referral_received(
    event: inbound.ReferralReceived,
    meta: EventMeta,
    uow: UnitOfWork,
    *,
    contact_target_days: int,
    clock: Clock = utc_now,
) -> int:
    """Plan the acknowledgement and the receipt; the dispatcher sends them. Returns how many."""
    async with uow:
        if not await uow.inbox.claim(meta.source, meta.id):
            return 0
        person = await uow.recipients.get(event.person_id)
        if person is None:
            raise RecipientNotKnownYet("person")
        referrer = await uow.recipients.get(event.referrer_id) if event.referrer_id else None
        if event.referrer_id and referrer is None:
            raise RecipientNotKnownYet("referrer")
        planned = rules.referral_received(
            person=person,
            referrer=referrer,
            consent_to_contact=event.consent_to_contact,
            reference_code=event.reference_code,
            area=event.area,
            source=event.source,
            received_at=event.received_at,
            ods_code=event.ods_code,
            contact_target_days=contact_target_days,
        )
        added = 0
        now = clock()
        for plan in planned:
            added += await uow.notifications.add_once(
                _notification(plan, meta, subject_id=str(event.referral_id), now=now)
            )
        await uow.commit()
    return added


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

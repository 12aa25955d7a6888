"""What notifications does with each record it consumes."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from notifications.domain.model import Recipient, notification_for
from notifications.domain.plans import MissingData
from notifications.domain.waiting import WaitingEvent
from notifications.service_layer.contact_details import Contact, recipient_of
from notifications.service_layer.planning import Planning
from notifications.service_layer.rules import RULES, Rule
from notifications.service_layer.rules.referral_received import REFERENCE
from notifications.service_layer.unit_of_work import UnitOfWork
from t2t_shared.kernel.event_meta import EventMeta
from t2t_shared.messaging.failures import PermanentHandlerError

log = logging.getLogger(__name__)


async def on_event(
    rule: Rule, event: Any, meta: EventMeta, uow: UnitOfWork, planning: Planning
) -> int:
    """Remember what the event says, plan its messages; the dispatcher sends them."""
    async with uow:
        # Asked before the transaction: a copy already acted on (ReferralReceived v1 beside
        # v2) then costs two statements and no transaction. Copies of one occurrence share
        # its key, so they are handled in order and the answer cannot change meanwhile.
        if rule.copy_of is not None and await uow.read_model.has_referral(rule.copy_of(event)):
            await uow.inbox.mark_done(meta.source, meta.id)  # this copy is done too
            await uow.commit()
            return 0
        if not await uow.inbox.claim(meta.source, meta.id):
            return 0
        planned = await apply_event(rule, event, meta, uow, planning)
        await uow.commit()
    return planned


async def apply_event(
    rule: Rule, event: Any, meta: EventMeta, uow: UnitOfWork, planning: Planning
) -> int:
    """A claimed event in the unit of work begun: remembered, and its messages planned."""
    if rule.apply is not None:
        await rule.apply(event, uow, planning)
    return await _plan(rule, event, meta, uow, planning)


async def _plan(
    rule: Rule, event: Any, meta: EventMeta, uow: UnitOfWork, planning: Planning
) -> int:
    try:
        plans = await rule.plan(event, uow, planning)
        # Checked before anything is stored: an event whose messages cannot all be
        # written is dead-lettered whole, never half-sent.
        planning.check(plans)
    except MissingData as exc:
        raise PermanentHandlerError(f"{meta.type} cannot be notified: {exc}") from None
    needed = rule.waits_for(event) if rule.waits_for else []
    direct = sorted({p.recipient_id for p in plans if p.needs_contact} | set(needed))
    # Shared: planning only reads them; their contact record's writer waits for it.
    await uow.recipients.lock(direct, shared=True)
    known = await uow.recipients.get_many(direct)
    missing = [r for r in direct if r not in known]
    if missing:
        # Its contact records have not arrived yet: they come on another topic, so they
        # may come later. The event waits here (not on the retry topic) and is planned
        # the moment the last of them is recorded.
        payload = event.model_dump(mode="json")
        await uow.waiting.add(
            WaitingEvent(meta.id, meta.source, meta.type, payload, missing, planning.clock())
        )
        return 0
    if needed:
        # The plan read those records before their locks were held; one may have been
        # committed since (a contacts topic is read concurrently): plan on what is there now.
        plans = await rule.plan(event, uow, planning)
    now = planning.clock()
    subject, area = str(rule.subject(event)), str(getattr(event, "area", ""))
    # Coordinators' scope needs a recipient's area: learnt once, from the first event.
    await uow.recipients.note_area([r for r in direct if known[r].area is None], area)
    made = [notification_for(p, meta, subject, area, now) for p in plans]
    keyed = [n for n, p in zip(made, plans, strict=True) if p.key is not None]
    once = [n for n, p in zip(made, plans, strict=True) if p.key is None]
    return await uow.notifications.add_once(once) + await uow.notifications.add_once(
        keyed, revive=True
    )


async def record_contact(
    contact: Contact, uow: UnitOfWork, planning: Planning, topic: str = ""
) -> int:
    """Keep the latest details; plan what was waiting for them. Returns messages planned."""
    async with uow:
        planned = await apply_contact(recipient_of(contact), uow, planning, topic, contact.version)
        await uow.commit()
    return planned


async def apply_contact(
    recipient: Recipient, uow: UnitOfWork, planning: Planning, topic: str, version: int
) -> int:
    """A contact record in the unit of work begun: kept, and what waited for it planned."""
    await uow.recipients.lock([recipient.id])
    reference = recipient.details.get(REFERENCE)
    waiting = await uow.contacts.record(topic, recipient, version, reference)
    if waiting is None:
        # Older than what we hold, or after an erasure: never brought back.
        log.info(
            "stale contact record ignored",
            extra={"aggregate_id": str(recipient.id), "version": version},
        )
        return 0
    planned = 0
    for event in waiting:
        planned += await _replay(event, uow, planning)
    return planned


async def _replay(waiting: WaitingEvent, uow: UnitOfWork, planning: Planning) -> int:
    rule = RULES.get(waiting.cause_type)
    if rule is None:
        return 0
    meta = EventMeta(waiting.cause_event_id, waiting.cause_source, waiting.cause_type)
    try:
        return await _plan(rule, rule.model.model_validate(waiting.payload), meta, uow, planning)
    except PermanentHandlerError:
        # Checked when it first arrived; a rule changed since. The contact record must
        # still be kept, so this event is dropped, loudly.
        log.exception("waiting event no longer plans", extra={"event_id": meta.id})
        return 0


async def erase_recipient(recipient_id: uuid.UUID, uow: UnitOfWork, topic: str = "") -> int:
    """A tombstone on a contacts topic: forget the person and cancel their pending sends.

    Final: the erasure is remembered (id and topic only), so no later record restores them.
    """
    async with uow:
        await uow.recipients.lock([recipient_id])
        await uow.contact_versions.erase(topic, recipient_id)
        cancelled = await uow.recipients.erase(recipient_id)
        await uow.waiting.take_waiting_for(recipient_id)
        await uow.commit()
    return cancelled

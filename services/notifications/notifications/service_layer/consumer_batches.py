"""A consumer batch in one unit of work: its contact records, then its events, in order.

Handled one by one, each event paid a transaction of its own: a connection, BEGIN, its
inbox claim, its recipients' lock and reads, COMMIT. Here the batch's events are claimed
in one statement, its recipients locked once (sorted; shared where only read) and read
once while locked, the writes the events make held and sent together (`hold_writes`), and
everything commits together. It is all or nothing: whatever raises (a rule that cannot
plan, a deadlock with another replica, the database away) undoes the whole batch, and the
consumer then handles each record on its own as before, with its retries and dead letters.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from notifications.domain.model import Recipient
from notifications.service_layer.handlers import apply_contact, apply_event
from notifications.service_layer.planning import Planning
from notifications.service_layer.rules import Rule
from notifications.service_layer.unit_of_work import UnitOfWork
from t2t_shared.kernel.event_meta import EventMeta


@dataclass(frozen=True)
class RuleEvent:
    rule: Rule
    event: Any
    meta: EventMeta


@dataclass(frozen=True)
class ContactRecord:
    recipient: Recipient
    topic: str
    version: int


Item = RuleEvent | ContactRecord


async def handle_batch(items: Sequence[Item], uow: UnitOfWork, planning: Planning) -> int:
    """Handle the items in order in one transaction; how many messages were planned."""
    events = [i for i in items if isinstance(i, RuleEvent)]
    async with uow:
        # Each event's few writes (its facts, its recipients' area, its messages) go
        # together, before the batch's next statement that is not one of them.
        uow.hold_writes()
        # Those known now, at once and sorted, and read at once; any other a rule needs is
        # locked and read when met.
        written = sorted({i.recipient.id for i in items if isinstance(i, ContactRecord)})
        read = sorted(_known_recipients(items) - set(written))
        await uow.recipients.lock_both(written, read)
        await uow.recipients.get_many([*written, *read])
        claimed = await uow.inbox.claim_many([(e.meta.source, e.meta.id) for e in events])
        # Each copy of a referral's event asks whether another was handled: asked at once.
        await uow.read_model.look_up_referrals(
            [e.rule.copy_of(e.event) for e in events if e.rule.copy_of is not None]
        )
        planned = 0
        for item in items:
            if isinstance(item, ContactRecord):
                planned += await apply_contact(
                    item.recipient, uow, planning, item.topic, item.version
                )
                continue
            source_id = (item.meta.source, item.meta.id)
            if source_id not in claimed:
                continue  # handled before (a redelivery), or twice in this batch
            claimed.discard(source_id)
            rule = item.rule
            # A copy whose other version was acted on (ReferralReceived v1 beside v2): its
            # claim, already made, is all it needs.
            copy_of = rule.copy_of
            if copy_of is not None and await uow.read_model.has_referral(copy_of(item.event)):
                continue
            planned += await apply_event(rule, item.event, item.meta, uow, planning)
        await uow.commit()
    return planned


def _known_recipients(items: Sequence[Item]) -> set[uuid.UUID]:
    ids: set[uuid.UUID] = set()
    for item in items:
        if isinstance(item, RuleEvent):
            for known in (item.rule.waits_for, item.rule.writes_to):
                ids.update(known(item.event) if known is not None else [])
    return ids

"""Events that waited too long for a contact record: no silent waits.

An event waits for the contact records of its recipients (they come on other topics). A
record that never comes must not leave the event waiting for ever: past the age limit the
event is planned as it stands, the messages to recipients still without a record fail with
`contact_details_missing` (published, for follow-up; not counted against the person), and
the others go as usual.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from prometheus_client import Counter, Gauge

from notifications.domain.model import Status, notification_for
from notifications.domain.plans import MissingData
from notifications.domain.waiting import WaitingEvent
from notifications.events import NotificationFailed
from notifications.service_layer.outcomes import FailureReason, failure_event
from notifications.service_layer.planning import Planning
from notifications.service_layer.rules import RULES
from notifications.service_layer.unit_of_work import UnitOfWork
from t2t_shared.events import IntegrationEvent
from t2t_shared.kernel.event_meta import EventMeta
from t2t_shared.topics import Topics

log = logging.getLogger(__name__)

EXPIRED = Counter(
    "t2t_notifications_contact_wait_expired_total",
    "Events that waited longer than the limit for a contact record",
)
WAITING = Gauge("t2t_notifications_waiting_events", "Events waiting for a contact record")

MISSING: FailureReason = "contact_details_missing"


async def expire_waiting(
    uow_factory: Callable[[], UnitOfWork],
    planning: Planning,
    topics: Topics,
    max_age: timedelta,
    limit: int = 100,
) -> int:
    """Settle events that have waited longer than `max_age`; how many were settled."""
    now = planning.clock()
    async with uow_factory() as uow:
        expired = await uow.waiting.take_older_than(now - max_age, limit)
        events: list[IntegrationEvent] = []
        for waiting in expired:
            events += await _settle(waiting, uow, planning, now)
        await uow.outbox.add_events(events, topic=topics.events("notifications"))
        WAITING.set(await uow.waiting.count())
        await uow.commit()
    for waiting in expired:
        EXPIRED.inc()
        log.warning(
            "event waited too long for a contact record",
            extra={"event_id": waiting.cause_event_id, "event_type": waiting.cause_type},
        )
    return len(expired)


async def _settle(
    waiting: WaitingEvent, uow: UnitOfWork, planning: Planning, now: datetime
) -> list[NotificationFailed]:
    rule = RULES.get(waiting.cause_type)
    if rule is None:
        return []
    try:
        event = rule.model.model_validate(waiting.payload)
        plans = await rule.plan(event, uow, planning)
    except (MissingData, ValueError):
        # A rule changed since it waited: dropped loudly, not left to block the others.
        log.exception("waiting event no longer plans", extra={"event_id": waiting.cause_event_id})
        return []
    meta = EventMeta(waiting.cause_event_id, waiting.cause_source, waiting.cause_type)
    direct = sorted({p.recipient_id for p in plans if p.needs_contact})
    known = await uow.recipients.get_many(direct)
    subject, area = str(rule.subject(event)), str(getattr(event, "area", ""))
    made = [notification_for(p, meta, subject, area, now) for p in plans]
    missing = [n for n in made if n.recipient_id in set(direct) - known.keys()]
    for n in missing:
        n.status, n.last_error = Status.FAILED, MISSING
    inserted = await uow.notifications.add_new(made)
    return [failure_event(n, MISSING, now) for n in missing if n.id in inserted]

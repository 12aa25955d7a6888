"""A group's sessions: scheduled (reminders), cancelled, rescheduled (members told).

A session's reminders are keyed by session and start time (`domain/reminders.py`), so
cancelling or moving a session cancels them by that key, and a moved session plans new ones.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import timedelta

from notifications import consumed_events as ev
from notifications.domain.facts import GroupFacts, SessionFacts
from notifications.domain.model import Planned, RecipientKind
from notifications.domain.plans import MissingData, iso, message
from notifications.domain.reminders import REMINDER, reminder_key, session_reminders
from notifications.service_layer.planning import Planning
from notifications.service_layer.rules.rule import BY_GROUP, Rule, ce_type
from notifications.service_layer.unit_of_work import UnitOfWork

PERSON = RecipientKind.PERSON
CANCELLED, RESCHEDULED = "session cancelled", "session moved"


async def _group_of_members(
    uow: UnitOfWork, group_id: uuid.UUID
) -> tuple[GroupFacts | None, list[uuid.UUID]]:
    """The group and its members; a group with members but no GroupCreated is an error."""
    members = await uow.read_model.members(group_id)
    group = await uow.read_model.group(group_id)
    if group is None and members:
        raise MissingData(f"group {group_id} is unknown (no GroupCreated): its name is needed")
    return group, members


async def _cancel_reminders(
    uow: UnitOfWork, reason: str, group_id: uuid.UUID, session_id: uuid.UUID
) -> None:
    await uow.notifications.cancel_pending(
        template=REMINDER, reason=reason, key_prefix=reminder_key(group_id, session_id)
    )


async def scheduled(event: ev.SessionScheduled, uow: UnitOfWork, planning: Planning) -> None:
    await uow.read_model.lock_groups([event.group_id])
    await uow.read_model.save_session(
        SessionFacts(
            event.session_id,
            event.group_id,
            event.starts_at,
            event.ends_at,
            event.venue_name,
            event.joining_link,
        )
    )


async def plan_scheduled(event: ev.SessionScheduled, uow: UnitOfWork, p: Planning) -> list[Planned]:
    group, members = await _group_of_members(uow, event.group_id)
    session = await uow.read_model.session(event.session_id)
    if group is None or session is None:
        return []
    return session_reminders(session, group, members, p.clock())


def session_cancelled(
    event: ev.SessionCancelled, group: GroupFacts, members: Iterable[uuid.UUID]
) -> list[Planned]:
    return [
        message(
            m,
            PERSON,
            "session_cancelled",
            needs_contact=False,
            group_name=group.name,
            starts_at=iso(event.starts_at),
        )
        for m in members
    ]


async def cancelled(event: ev.SessionCancelled, uow: UnitOfWork, planning: Planning) -> None:
    await uow.read_model.lock_groups([event.group_id])
    known = await uow.read_model.session(event.session_id)
    start = event.starts_at
    session = known or SessionFacts(event.session_id, event.group_id, start, start)
    await uow.read_model.save_session(
        SessionFacts(
            session.session_id,
            session.group_id,
            session.starts_at,
            session.ends_at,
            session.venue_name,
            session.joining_link,
            cancelled=True,
        )
    )
    await _cancel_reminders(uow, CANCELLED, event.group_id, event.session_id)


async def plan_cancelled(event: ev.SessionCancelled, uow: UnitOfWork, p: Planning) -> list[Planned]:
    if event.starts_at <= p.clock():
        return []  # cancelled after the fact: nobody needs telling
    group, members = await _group_of_members(uow, event.group_id)
    return session_cancelled(event, group, members) if group else []


def session_rescheduled(
    event: ev.SessionRescheduled, group: GroupFacts, members: Iterable[uuid.UUID]
) -> list[Planned]:
    return [
        message(
            m,
            PERSON,
            "session_rescheduled",
            needs_contact=False,
            group_name=group.name,
            previous_starts_at=iso(event.previous_starts_at),
            starts_at=iso(event.starts_at),
        )
        for m in members
    ]


async def rescheduled(event: ev.SessionRescheduled, uow: UnitOfWork, planning: Planning) -> None:
    await uow.read_model.lock_groups([event.group_id])
    known = await uow.read_model.session(event.session_id)
    await uow.read_model.save_session(
        SessionFacts(
            event.session_id,
            event.group_id,
            event.starts_at,
            event.ends_at,
            known.venue_name if known else None,
            known.joining_link if known else None,
        )
    )
    await _cancel_reminders(uow, RESCHEDULED, event.group_id, event.session_id)


async def plan_rescheduled(
    event: ev.SessionRescheduled, uow: UnitOfWork, p: Planning
) -> list[Planned]:
    group, members = await _group_of_members(uow, event.group_id)
    session = await uow.read_model.session(event.session_id)
    if group is None or session is None or event.starts_at <= p.clock() - timedelta(hours=1):
        return []
    told = session_rescheduled(event, group, members)
    return told + session_reminders(session, group, members, p.clock())


RULES = (
    Rule(
        ce_type("groups", "SessionScheduled"),
        ev.SessionScheduled,
        BY_GROUP,
        plan_scheduled,
        scheduled,
    ),
    Rule(
        ce_type("groups", "SessionCancelled"),
        ev.SessionCancelled,
        BY_GROUP,
        plan_cancelled,
        cancelled,
    ),
    Rule(
        ce_type("groups", "SessionRescheduled"),
        ev.SessionRescheduled,
        BY_GROUP,
        plan_rescheduled,
        rescheduled,
    ),
)

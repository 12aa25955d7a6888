"""Groups' events: the read model they keep (groups, members, sessions) and their messages."""

from __future__ import annotations

import uuid
from datetime import timedelta

from notifications import consumed_events as ev
from notifications.domain.model import Channel, Planned, Recipient, RecipientKind
from notifications.domain.rules import groups as g
from notifications.domain.rules.common import (
    GroupFacts,
    MissingData,
    SessionFacts,
    area_name,
    coordinators_id,
)
from notifications.service_layer.planning import Planning
from notifications.service_layer.unit_of_work import UnitOfWork

LEFT, MOVED, CANCELLED, RESCHEDULED = (
    "member left the group",
    "member moved group",
    "session cancelled",
    "session moved",
)


async def nothing(event: object, uow: UnitOfWork, planning: Planning) -> list[Planned]:
    return []


async def _cancel_reminders(
    uow: UnitOfWork, reason: str, prefix: str, person: uuid.UUID | None = None
) -> None:
    await uow.notifications.cancel_pending(
        template=g.REMINDER, reason=reason, key_prefix=prefix, recipient_id=person
    )


async def _reminders_for(
    uow: UnitOfWork, group_id: uuid.UUID, person: uuid.UUID, planning: Planning
) -> list[Planned]:
    group = await uow.read_model.group(group_id)
    if group is None:
        return []
    now = planning.clock()
    sessions = await uow.read_model.upcoming_sessions(group.group_id, now)
    return [p for s in sessions for p in g.session_reminders(s, group, [person], now)]


# --- members ---------------------------------------------------------------------------


async def joined(event: ev.MemberJoined, uow: UnitOfWork, planning: Planning) -> None:
    await uow.read_model.lock_groups([event.group_id])
    await uow.read_model.add_member(event.group_id, event.person_id)


async def plan_joined(event: ev.MemberJoined, uow: UnitOfWork, p: Planning) -> list[Planned]:
    group = await uow.read_model.group(event.group_id)
    upcoming = await uow.read_model.upcoming_sessions(event.group_id, p.clock())
    first = next((s for s in upcoming if s.starts_at == event.first_session_at), None)
    welcome = g.member_joined(event, group, first or (upcoming[0] if upcoming else None))
    return welcome + await _reminders_for(uow, event.group_id, event.person_id, p)


async def moved(event: ev.MemberMoved, uow: UnitOfWork, planning: Planning) -> None:
    await uow.read_model.lock_groups([event.from_group_id, event.group_id])
    await uow.read_model.remove_member(event.from_group_id, event.person_id)
    await uow.read_model.add_member(event.group_id, event.person_id)
    await _cancel_reminders(uow, MOVED, g.reminder_key(event.from_group_id), event.person_id)


async def plan_moved(event: ev.MemberMoved, uow: UnitOfWork, p: Planning) -> list[Planned]:
    return await _reminders_for(uow, event.group_id, event.person_id, p)


async def left(event: ev.MemberLeft, uow: UnitOfWork, planning: Planning) -> None:
    await uow.read_model.lock_groups([event.group_id])
    await uow.read_model.remove_member(event.group_id, event.person_id)
    await _cancel_reminders(uow, LEFT, g.reminder_key(event.group_id), event.person_id)


# --- groups and facilitators ------------------------------------------------------------


async def created(event: ev.GroupCreated, uow: UnitOfWork, planning: Planning) -> None:
    await uow.read_model.save_group(
        GroupFacts(
            group_id=event.group_id,
            area=event.area,
            name=event.name,
            format=event.format,
            schedule_text=event.schedule_text,
            venue_name=event.venue_name,
            venue_address=event.venue_address,
            joining_link=event.joining_link,
        )
    )
    await uow.read_model.add_facilitators(event.group_id, event.facilitator_ids)


async def plan_created(event: ev.GroupCreated, uow: UnitOfWork, p: Planning) -> list[Planned]:
    mailbox = p.mailboxes.get(event.area)
    if mailbox:
        # The mailbox comes from settings, not a contacts topic: kept current here.
        await uow.recipients.save(
            Recipient(
                id=coordinators_id(event.area),
                kind=RecipientKind.COORDINATORS.value,
                name=f"{area_name(event.area)} coordinators",
                email=mailbox,
                preferred_channel=Channel.EMAIL,
                consent=True,
                area=event.area,
            )
        )
    return g.group_created(event, has_mailbox=bool(mailbox))


async def assigned(event: ev.FacilitatorAssigned, uow: UnitOfWork, planning: Planning) -> None:
    await uow.read_model.add_facilitators(event.group_id, [event.volunteer_id])


async def plan_assigned(
    event: ev.FacilitatorAssigned, uow: UnitOfWork, p: Planning
) -> list[Planned]:
    return g.facilitator_assigned(event, await uow.read_model.group(event.group_id))


# --- sessions -----------------------------------------------------------------------------


async def _group_of_members(
    uow: UnitOfWork, group_id: uuid.UUID
) -> tuple[GroupFacts | None, list[uuid.UUID]]:
    """The group and its members; a group with members but no GroupCreated is an error."""
    members = await uow.read_model.members(group_id)
    group = await uow.read_model.group(group_id)
    if group is None and members:
        raise MissingData(f"group {group_id} is unknown (no GroupCreated): its name is needed")
    return group, members


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
    return g.session_reminders(session, group, members, p.clock())


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
    await _cancel_reminders(uow, CANCELLED, g.reminder_key(event.group_id, event.session_id))


async def plan_cancelled(event: ev.SessionCancelled, uow: UnitOfWork, p: Planning) -> list[Planned]:
    if event.starts_at <= p.clock():
        return []  # cancelled after the fact: nobody needs telling
    group, members = await _group_of_members(uow, event.group_id)
    return g.session_cancelled(event, group, members) if group else []


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
    await _cancel_reminders(uow, RESCHEDULED, g.reminder_key(event.group_id, event.session_id))


async def plan_rescheduled(
    event: ev.SessionRescheduled, uow: UnitOfWork, p: Planning
) -> list[Planned]:
    group, members = await _group_of_members(uow, event.group_id)
    session = await uow.read_model.session(event.session_id)
    if group is None or session is None or event.starts_at <= p.clock() - timedelta(hours=1):
        return []
    told = g.session_rescheduled(event, group, members)
    return told + g.session_reminders(session, group, members, p.clock())

"""A person's place in a group: offered, waitlisted, joined, moved, left.

Joining and moving also plan the person's reminders of the group's upcoming sessions;
moving and leaving cancel the old group's pending ones.
"""

from __future__ import annotations

import uuid
from typing import Any

from notifications import consumed_events as ev
from notifications.domain.facts import GroupFacts, SessionFacts
from notifications.domain.model import Planned, RecipientKind
from notifications.domain.plans import area_name, check_place, iso, message
from notifications.domain.reminders import REMINDER, reminder_key, session_reminders
from notifications.service_layer.planning import Planning
from notifications.service_layer.rules.rule import BY_REFERRAL, Rule, ce_type, nothing, pure
from notifications.service_layer.unit_of_work import UnitOfWork

PERSON = RecipientKind.PERSON
LEFT, MOVED = "member left the group", "member moved group"


def place_offered(event: ev.PlaceOffered, reference_code: str, offer_link: str) -> list[Planned]:
    check_place(event.format, event.venue_name, event.joining_link)
    return [
        message(
            event.person_id,
            PERSON,
            "place_offered",
            group_name=event.group_name,
            format=event.format,
            venue_name=event.venue_name or "",
            venue_address=event.venue_address or "",
            joining_link=event.joining_link or "",
            first_session_at=iso(event.first_session_at),
            offer_expires_at=iso(event.offer_expires_at),
            reference_code=reference_code,
            offer_link=offer_link,
        )
    ]


async def plan_offered(event: ev.PlaceOffered, uow: UnitOfWork, p: Planning) -> list[Planned]:
    facts = await uow.read_model.referral(event.referral_id)
    link = p.offer_link(event.referral_id, event.offer_expires_at)
    return place_offered(event, facts.reference_code if facts else "", link)


def member_waitlisted(event: ev.MemberWaitlisted) -> list[Planned]:
    return [
        message(
            event.person_id,
            PERSON,
            "member_waitlisted",
            position=event.position,
            area_name=area_name(event.area),
        )
    ]


def member_joined(
    event: ev.MemberJoined, group: GroupFacts | None, first: SessionFacts | None
) -> list[Planned]:
    """Welcome, with the first session: the event's own, else the next one we know of."""
    first_at = event.first_session_at or (first.starts_at if first else None)
    place: dict[str, Any] = (
        group.place() if group else {"format": "", "venue_name": "", "venue_address": ""}
    )
    place.setdefault("joining_link", "")
    if first is not None:
        place["venue_name"] = first.venue_name or place["venue_name"]
        place["joining_link"] = first.joining_link or place["joining_link"]
    return [
        message(
            event.person_id,
            PERSON,
            "member_joined",
            group_name=event.group_name,
            first_session_at=iso(first_at),
            schedule_text=group.schedule_text if group else "",
            **place,
        )
    ]


async def _reminders_for(
    uow: UnitOfWork, group_id: uuid.UUID, person: uuid.UUID, planning: Planning
) -> list[Planned]:
    group = await uow.read_model.group(group_id)
    if group is None:
        return []
    now = planning.clock()
    sessions = await uow.read_model.upcoming_sessions(group.group_id, now)
    return [p for s in sessions for p in session_reminders(s, group, [person], now)]


async def _cancel_reminders(
    uow: UnitOfWork, reason: str, group_id: uuid.UUID, person: uuid.UUID
) -> None:
    await uow.notifications.cancel_pending(
        template=REMINDER, reason=reason, key_prefix=reminder_key(group_id), recipient_id=person
    )


async def joined(event: ev.MemberJoined, uow: UnitOfWork, planning: Planning) -> None:
    await uow.read_model.lock_groups([event.group_id])
    await uow.read_model.add_member(event.group_id, event.person_id)


async def plan_joined(event: ev.MemberJoined, uow: UnitOfWork, p: Planning) -> list[Planned]:
    group = await uow.read_model.group(event.group_id)
    upcoming = await uow.read_model.upcoming_sessions(event.group_id, p.clock())
    first = next((s for s in upcoming if s.starts_at == event.first_session_at), None)
    welcome = member_joined(event, group, first or (upcoming[0] if upcoming else None))
    return welcome + await _reminders_for(uow, event.group_id, event.person_id, p)


async def moved(event: ev.MemberMoved, uow: UnitOfWork, planning: Planning) -> None:
    await uow.read_model.lock_groups([event.from_group_id, event.group_id])
    await uow.read_model.remove_member(event.from_group_id, event.person_id)
    await uow.read_model.add_member(event.group_id, event.person_id)
    await _cancel_reminders(uow, MOVED, event.from_group_id, event.person_id)


async def plan_moved(event: ev.MemberMoved, uow: UnitOfWork, p: Planning) -> list[Planned]:
    return await _reminders_for(uow, event.group_id, event.person_id, p)


async def left(event: ev.MemberLeft, uow: UnitOfWork, planning: Planning) -> None:
    await uow.read_model.lock_groups([event.group_id])
    await uow.read_model.remove_member(event.group_id, event.person_id)
    await _cancel_reminders(uow, LEFT, event.group_id, event.person_id)


RULES = (
    Rule(ce_type("groups", "PlaceOffered"), ev.PlaceOffered, BY_REFERRAL, plan_offered),
    Rule(
        ce_type("groups", "MemberWaitlisted"),
        ev.MemberWaitlisted,
        BY_REFERRAL,
        pure(member_waitlisted),
    ),
    Rule(ce_type("groups", "MemberJoined"), ev.MemberJoined, BY_REFERRAL, plan_joined, joined),
    Rule(ce_type("groups", "MemberMoved"), ev.MemberMoved, BY_REFERRAL, plan_moved, moved),
    Rule(ce_type("groups", "MemberLeft"), ev.MemberLeft, BY_REFERRAL, nothing, left),
)

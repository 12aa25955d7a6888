"""Messages about groups: offers, waitlist, welcome, sessions, new groups, facilitators."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from notifications import consumed_events as ev
from notifications.domain.model import Category, Planned, RecipientKind
from notifications.domain.rules.common import (
    GroupFacts,
    MissingData,
    SessionFacts,
    area_name,
    coordinators_id,
    iso,
    message,
)

PERSON, VOLUNTEER = RecipientKind.PERSON, RecipientKind.VOLUNTEER
REMINDER = "session_reminder"
REMINDER_LEAD = timedelta(hours=24)


def check_place(format: str, venue_name: str | None, joining_link: str | None) -> None:
    """An in-person group needs a venue and an online one a link, or the message says nowhere."""
    if format == "online" and not joining_link:
        raise MissingData("an online group's message needs its joining_link")
    if format != "online" and not venue_name:
        raise MissingData("an in-person group's message needs its venue_name")


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


def session_reminders(
    session: SessionFacts, group: GroupFacts, members: Iterable[uuid.UUID], now: datetime
) -> list[Planned]:
    """One reminder per member, due a day before; none for a session already begun.

    Keyed by session and start time, not by the event that planned it: joining, then the
    session being scheduled, still makes one reminder, and a moved session a new one.
    """
    if session.cancelled or session.starts_at <= now:
        return []
    due = max(session.starts_at - REMINDER_LEAD, now)
    template = message(
        uuid.UUID(int=0),
        PERSON,
        REMINDER,
        category=Category.REMINDERS,
        needs_contact=False,
        group_name=group.name,
        starts_at=iso(session.starts_at),
        ends_at=iso(session.ends_at),
        venue_name=session.venue_name or group.venue_name or "",
        joining_link=session.joining_link or group.joining_link or "",
    )
    key = reminder_key(session.group_id, session.session_id, session.starts_at)
    subject = str(session.group_id)
    return [
        replace(template, recipient_id=m, due_at=due, key=key, subject_id=subject) for m in members
    ]


def reminder_key(
    group_id: uuid.UUID, session_id: uuid.UUID | None = None, starts_at: datetime | None = None
) -> str:
    """`reminder:<group>:<session>:<start>`; shorter prefixes select a group's or a session's."""
    key = f"reminder:{group_id}:"
    if session_id is not None:
        key += f"{session_id}:"
        if starts_at is not None:
            key += iso(starts_at)
    return key


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


def group_created(event: ev.GroupCreated, has_mailbox: bool) -> list[Planned]:
    """The area's coordinators hear of the new group; each facilitator of their group."""
    check_place(event.format, event.venue_name, event.joining_link)
    details: dict[str, Any] = {
        "group_name": event.name,
        "format": event.format,
        "schedule_text": event.schedule_text,
        "venue_name": event.venue_name or "",
        "joining_link": event.joining_link or "",
    }
    venue_address = event.venue_address or ""
    planned = [
        message(
            v,
            VOLUNTEER,
            "group_created_facilitator",
            needs_contact=False,
            venue_address=venue_address,
            **details,
        )
        for v in event.facilitator_ids
    ]
    if has_mailbox:
        planned.append(
            message(
                coordinators_id(event.area),
                RecipientKind.COORDINATORS,
                "group_created_coordinators",
                area_name=area_name(event.area),
                capacity=event.capacity,
                facilitators=len(event.facilitator_ids),
                **details,
            )
        )
    return planned


def facilitator_assigned(event: ev.FacilitatorAssigned, group: GroupFacts | None) -> list[Planned]:
    venue = event.venue_name or (group.venue_name if group else None)
    link = group.joining_link if group else None
    return [
        message(
            event.volunteer_id,
            VOLUNTEER,
            "facilitator_assigned",
            group_name=event.group_name,
            format=event.format,
            schedule_text=event.schedule_text,
            venue_name=venue or "",
            postcode_district=event.postcode_district or "",
            joining_link=link or "",
        )
    ]

"""A group's sessions as an iCalendar file (RFC 5545), for people's calendar apps.

Times are written in UTC, which every calendar app reads without a VTIMEZONE and shows in
the reader's own time. Each session's UID is its id, so a file imported again updates a
moved session instead of adding a second one.
"""

from __future__ import annotations

from datetime import datetime

from icalendar import Calendar, Event

from groups.domain.model import Group
from groups.domain.sessions import Session, SessionStatus

PRODID = "-//Type 2 Together//groups//EN"
UID_DOMAIN = "groups.type2together.org.uk"


def calendar_of(group: Group, sessions: list[Session], now: datetime) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", group.name)
    for session in sessions:
        cal.add_component(_event(group, session, now))
    return bytes(cal.to_ical())


def _event(group: Group, session: Session, now: datetime) -> Event:
    event = Event()
    event.add("uid", f"{session.id}@{UID_DOMAIN}")
    event.add("dtstamp", now)
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("summary", group.name)
    cancelled = session.status is SessionStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    # Calendar apps take a changed event only with a higher sequence than the one they hold.
    event.add("sequence", int(session.starts_at != session.slot_at) + int(cancelled))
    if group.venue is not None:
        # A venue is a public place: its address is no one's personal data.
        v = group.venue
        event.add("location", f"{v.name}, {v.address}, {v.postcode}")
    elif group.joining_link:
        event.add("location", "Online")
        event.add("url", group.joining_link)
    return event

"""Domain → integration events: what each public event carries, built in one place.

Placements and groups record what happened to them (`domain/events.py`); `placement_news`
and `group_news` publish those records, adding what the record does not hold (the group's
name, the next session, the place in the list). The builders below serve the use cases that
publish straight from the entity (a group created, changed, or given a facilitator).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from groups import events
from groups.domain import events as happened
from groups.domain.model import Group
from groups.domain.placement import Placement
from groups.domain.sessions import Session
from groups.service_layer.context import Context
from groups.service_layer.unit_of_work import UnitOfWork
from t2t_shared.events import IntegrationEvent


def group_created(g: Group) -> events.GroupCreated:
    v = g.venue
    return events.GroupCreated(
        group_id=g.id,
        area=g.area,
        name=g.name,
        format=g.format.value,
        venue_name=v.name if v else None,
        venue_address=v.address if v else None,
        venue_postcode=v.postcode if v else None,
        postcode_district=g.postcode_district,
        accessibility_notes=v.accessibility_notes if v else None,
        joining_link=g.joining_link,
        schedule=events.ScheduleData.model_validate(g.schedule.as_dict()),
        schedule_text=g.schedule.text(),
        capacity=g.capacity,
        status="planned",
        facilitator_ids=list(g.facilitator_ids),
    )


def group_updated(g: Group) -> events.GroupUpdated:
    return events.GroupUpdated(
        group_id=g.id,
        area=g.area,
        capacity=g.capacity,
        free_places=g.free_places,
        status="full" if g.status.value == "full" else "open",
    )


def facilitator_assigned(g: Group, volunteer_id: uuid.UUID) -> events.FacilitatorAssigned:
    return events.FacilitatorAssigned(
        group_id=g.id,
        area=g.area,
        volunteer_id=volunteer_id,
        group_name=g.name,
        format=g.format.value,
        schedule_text=g.schedule.text(),
        venue_name=g.venue.name if g.venue else None,
        postcode_district=g.postcode_district,
    )


def session_scheduled(g: Group, s: Session) -> events.SessionScheduled:
    return events.SessionScheduled(
        group_id=g.id,
        area=g.area,
        session_id=s.id,
        starts_at=s.starts_at,
        ends_at=s.ends_at,
        venue_name=g.venue.name if g.venue else None,
        joining_link=g.joining_link,
    )


async def placement_news(p: Placement, group: Group | None, uow: UnitOfWork, ctx: Context) -> None:
    """Publish what the placement recorded, in order; `group` is the one it was offered or
    joined (needed for those two)."""
    while p.events:
        change = p.events.pop(0)
        await ctx.publish(uow, await _placement_event(change, p, group, uow, ctx))


async def _placement_event(
    change: happened.PlacementChange,
    p: Placement,
    group: Group | None,
    uow: UnitOfWork,
    ctx: Context,
) -> IntegrationEvent:
    person = {"referral_id": p.referral_id, "person_id": p.person_id, "area": p.area}
    match change:
        case happened.Offered() | happened.Joined():
            assert group is not None
            assert group.id == change.group_id
            first = await uow.sessions.next_start(group.id, ctx.now())
            if isinstance(change, happened.Offered):
                return place_offered(p, group, first)
            return events.MemberJoined(
                **person,
                group_id=group.id,
                group_name=group.name,
                first_session_at=first,
                members=change.members,
                capacity=change.capacity,
                answered_by=change.answered_by,
            )
        case happened.Waitlisted():
            assert p.waiting_since is not None
            position = await uow.placements.position(p)
            return events.MemberWaitlisted(
                **person, position=position, waiting_since=p.waiting_since
            )
        case happened.Declined(group_id, answered_by):
            return events.OfferDeclined(**person, group_id=group_id, answered_by=answered_by)
        case happened.Expired(group_id):
            return events.OfferExpired(**person, group_id=group_id)
        case happened.Left(group_id, reason, members, capacity):
            return events.MemberLeft(
                **person, group_id=group_id, reason=reason, members=members, capacity=capacity
            )
        case happened.Moved():
            return events.MemberMoved(
                **person,
                from_group_id=change.from_group_id,
                group_id=change.group_id,
                members=change.members,
                capacity=change.capacity,
                from_members=change.from_members,
                from_capacity=change.from_capacity,
            )
        case happened.Cancelled(group_id, was):
            return events.PlacementCancelled(**person, group_id=group_id, was=was)


async def group_news(group: Group, uow: UnitOfWork, ctx: Context) -> None:
    """Publish what the group recorded (opened, closed), in order."""
    while group.events:
        match group.events.pop(0):
            case happened.Opened(capacity, free_places):
                opened = events.GroupOpened(
                    group_id=group.id, area=group.area, capacity=capacity, free_places=free_places
                )
                await ctx.publish(uow, opened)
            case happened.Closed(reason, at):
                closed = events.GroupClosed(
                    group_id=group.id, area=group.area, reason=reason, closed_at=at
                )
                await ctx.publish(uow, closed)


def place_offered(p: Placement, g: Group, first_session_at: datetime | None) -> events.PlaceOffered:
    assert p.offered_at is not None
    assert p.offer_expires_at is not None
    return events.PlaceOffered(
        referral_id=p.referral_id,
        person_id=p.person_id,
        area=p.area,
        group_id=g.id,
        group_name=g.name,
        format=g.format.value,
        venue_name=g.venue.name if g.venue else None,
        venue_address=g.venue.address if g.venue else None,
        postcode_district=g.postcode_district,
        joining_link=g.joining_link,
        first_session_at=first_session_at,
        distance_km=p.distance_km,
        offer_expires_at=p.offer_expires_at,
        offered_at=p.offered_at,
    )

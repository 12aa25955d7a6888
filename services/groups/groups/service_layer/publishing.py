"""Domain → integration events: what each public event carries, built in one place."""

from __future__ import annotations

import uuid
from datetime import datetime

from groups import events
from groups.domain.model import Group
from groups.domain.placement import LeaveReason, Placement
from groups.domain.sessions import Session


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


def offer_answered(
    kind: type[events.OfferDeclined] | type[events.OfferExpired], p: Placement, g: Group
) -> events.OfferDeclined | events.OfferExpired:
    return kind(referral_id=p.referral_id, person_id=p.person_id, area=p.area, group_id=g.id)


def offer_declined(p: Placement, g: Group, answered_by: events.AnsweredBy) -> events.OfferDeclined:
    return events.OfferDeclined(
        referral_id=p.referral_id,
        person_id=p.person_id,
        area=p.area,
        group_id=g.id,
        answered_by=answered_by,
    )


def member_left(p: Placement, g: Group, reason: LeaveReason) -> events.MemberLeft:
    return events.MemberLeft(
        referral_id=p.referral_id,
        person_id=p.person_id,
        area=p.area,
        group_id=g.id,
        reason=reason.value,
        members=g.members,
        capacity=g.capacity,
    )

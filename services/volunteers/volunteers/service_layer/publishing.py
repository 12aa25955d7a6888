"""Domain events → integration events: what a volunteer's changes put on the topics."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from t2t_shared.events import IntegrationEvent
from t2t_shared.topics import Topics
from volunteers import events
from volunteers.contacts import VolunteerContact
from volunteers.domain import events as happened
from volunteers.domain.model import Volunteer
from volunteers.domain.renewals import Expired, RenewalDue
from volunteers.service_layer.unit_of_work import UnitOfWork


async def publish_events(uow: UnitOfWork, topics: Topics, volunteer: Volunteer) -> None:
    """Write what the volunteer recorded since loading to the outbox, and forget it."""
    recorded, volunteer.events = volunteer.events, []
    for event in recorded:
        await publish(uow, topics, *integration(volunteer, event))


async def publish(uow: UnitOfWork, topics: Topics, *records: IntegrationEvent) -> None:
    """Contact records go to the restricted topic, everything else to the public one.

    A contact record gets its version here, in the change's transaction: one more than the
    volunteer's last record, so readers keep the latest whatever order records arrive in.
    """
    for record in records:
        if isinstance(record, VolunteerContact):
            version = await uow.contact_versions.next(record.volunteer_id)
            record = record.model_copy(update={"record_version": version})
            await uow.outbox.add_event(record, topic=topics.contacts("volunteers"))
        else:
            await uow.outbox.add_event(record, topic=topics.events("volunteers"))


def integration(v: Volunteer, e: happened.DomainEvent) -> list[IntegrationEvent]:
    """The records one domain event becomes (none for some, two for an application)."""
    ids = {"volunteer_id": v.id, "area": v.area}
    match e:
        case happened.Applied():
            # The contact record first, so notifications usually knows the volunteer by the
            # time the event arrives (it waits for it otherwise: topics are not ordered).
            return [contact(v), applied(v)]
        case happened.ScreeningStarted(at=at):
            return [events.ScreeningStarted(**ids, started_at=at)]
        case happened.Screened(at=at):
            return [screened(v, at)]
        case happened.TrainingStarted(course=course, at=at):
            return [events.TrainingStarted(**ids, course=course.value, started_at=at)]
        case happened.Trained():
            return [
                events.FacilitatorTrained(
                    **ids,
                    course=e.course.value,
                    completed_at=start_of(e.completed_on),
                    valid_until=e.valid_until,
                )
            ]
        case happened.SupervisorSet():
            # An erased volunteer has no contact record to update.
            return [contact(v)] if v.applicant is not None else []
        case happened.Activated(group_id=group_id, at=at):
            return [events.VolunteerActivated(**ids, group_id=group_id, activated_at=at)]
        case happened.Paused(at=at, until=until):
            return [events.VolunteerPaused(**ids, paused_at=at, until=until)]
        case happened.Resumed(at=at):
            return [events.VolunteerResumed(**ids, resumed_at=at)]
        case happened.Left():
            return [
                events.VolunteerLeft(
                    **ids,
                    reason=e.reason.value,
                    stage_left_from=e.stage_left_from.value,
                    left_at=e.at,
                )
            ]
        case Expired():
            return [events.TrainingExpired(**ids, check=e.check.value, expired_on=e.expired_on)]
        case RenewalDue():
            return [
                events.RenewalDue(
                    **ids, check=e.check.value, expires_on=e.expires_on, days_left=e.days_left
                )
            ]


def contact(v: Volunteer) -> VolunteerContact:
    """The whole record each time: the topic is compacted, readers keep only the latest."""
    a, s = v.applicant, v.supervisor
    assert a is not None
    return VolunteerContact(
        volunteer_id=v.id,
        given_name=a.given_name,
        email=a.email,
        mobile=a.mobile,
        preferred_channel=a.preferred_channel.value,
        consent_to_contact=a.consent_to_contact,
        supervisor_name=s.name if s else None,
        supervisor_role=s.role if s else None,
        supervisor_organisation=s.organisation if s else None,
    )


def applied(v: Volunteer) -> events.VolunteerApplied:
    return events.VolunteerApplied(
        volunteer_id=v.id,
        area=v.area,
        applied_at=v.applied_at,
        lived_experience=v.lived_experience,
        availability=[
            events.Availability(day=s.day.value, part_of_day=s.part_of_day.value)
            for s in v.availability
        ],
    )


def screened(v: Volunteer, at: datetime) -> events.VolunteerScreened:
    dbs = v.dbs
    assert dbs is not None
    assert dbs.level is not None
    assert dbs.renewal_due is not None
    return events.VolunteerScreened(
        volunteer_id=v.id,
        area=v.area,
        screened_at=at,
        dbs_level=dbs.level.value,
        dbs_renewal_due=dbs.renewal_due,
    )


def start_of(day: date) -> datetime:
    """A course is completed on a day; events carry times, so the day's start in UTC."""
    return datetime.combine(day, time(0), tzinfo=UTC)

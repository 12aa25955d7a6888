"""The records a volunteer's changes put on the topics, built from the domain's state."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from t2t_shared.events import IntegrationEvent
from t2t_shared.topics import Topics
from volunteers import events
from volunteers.contacts import VolunteerContact
from volunteers.domain.model import Volunteer
from volunteers.domain.renewals import Expired, Notice
from volunteers.domain.training import TrainingRecord
from volunteers.service_layer.unit_of_work import UnitOfWork


async def publish(uow: UnitOfWork, topics: Topics, *records: IntegrationEvent) -> None:
    """Contact records go to the restricted topic, everything else to the public one."""
    for record in records:
        topic = (
            topics.contacts("volunteers")
            if isinstance(record, VolunteerContact)
            else topics.events("volunteers")
        )
        await uow.outbox.add_event(record, topic=topic)


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
        record_version=v.version,
    )


def versioned(records: list[IntegrationEvent], v: Volunteer) -> list[IntegrationEvent]:
    """Contact records stamped with the version the volunteer's change was saved as."""
    return [
        r.model_copy(update={"record_version": v.version}) if isinstance(r, VolunteerContact) else r
        for r in records
    ]


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


def screened(v: Volunteer) -> events.VolunteerScreened:
    dbs = v.dbs
    assert v.screened_at is not None
    assert dbs is not None
    assert dbs.level is not None
    assert dbs.renewal_due is not None
    return events.VolunteerScreened(
        volunteer_id=v.id,
        area=v.area,
        screened_at=v.screened_at,
        dbs_level=dbs.level.value,
        dbs_renewal_due=dbs.renewal_due,
    )


def trained(v: Volunteer, record: TrainingRecord) -> events.FacilitatorTrained:
    assert record.completed_on is not None
    assert record.valid_until is not None
    return events.FacilitatorTrained(
        volunteer_id=v.id,
        area=v.area,
        course=record.course.value,
        completed_at=start_of(record.completed_on),
        valid_until=record.valid_until,
    )


def notice(v: Volunteer, n: Notice) -> IntegrationEvent:
    if isinstance(n, Expired):
        return events.TrainingExpired(
            volunteer_id=v.id, area=v.area, check=n.check.value, expired_on=n.expired_on
        )
    return events.RenewalDue(
        volunteer_id=v.id,
        area=v.area,
        check=n.check.value,
        expires_on=n.expires_on,
        days_left=n.days_left,
    )


def start_of(day: date) -> datetime:
    """A course is completed on a day; events carry times, so the day's start in UTC."""
    return datetime.combine(day, time(0), tzinfo=UTC)

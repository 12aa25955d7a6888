"""Volunteers at each stage of the pipeline, built through the domain's own methods."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from volunteers.domain.checks import DbsCheck, DbsLevel, Reference, completed_dbs
from volunteers.domain.model import Volunteer
from volunteers.domain.people import Applicant, Channel, Day, PartOfDay, Slot
from volunteers.domain.stages import LeaveReason
from volunteers.domain.training import Course, CourseRule, CourseRules

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
TODAY = NOW.date()
GROUP = uuid.UUID("7c9e6679-7425-40de-944b-e07fc1f90ae7")
RULES: CourseRules = {
    Course.CORE_FACILITATOR: CourseRule(sessions_required=4, validity_months=24),
    Course.REFRESHER: CourseRule(sessions_required=1, validity_months=24),
}


def applicant(**overrides: object) -> Applicant:
    values: dict[str, object] = {
        "given_name": "Philippa",
        "family_name": "Ramsbottom",
        "email": "philippa.ramsbottom@example.org",
        "mobile": "+447700900123",
        "preferred_channel": Channel.EMAIL,
        "consent_to_contact": True,
        "motivation": "I was diagnosed in 2019 and a group helped me",
    }
    values.update(overrides)
    return Applicant(**values)  # type: ignore[arg-type]


def applied(now: datetime = NOW, area: str = "leeds") -> Volunteer:
    return Volunteer.apply(
        area=area,
        applicant=applicant(),
        lived_experience=True,
        availability=(Slot(Day.TUESDAY, PartOfDay.EVENING),),
        now=now,
    )


def screening(now: datetime = NOW) -> Volunteer:
    v = applied(now)
    v.start_screening(now)
    return v


def dbs(renewal_due: date = date(2029, 3, 1), issued_on: date = date(2026, 3, 1)) -> DbsCheck:
    return completed_dbs(
        level=DbsLevel.ENHANCED,
        certificate_number="0012 3456 7890",
        issued_on=issued_on,
        renewal_due=renewal_due,
        today=TODAY,
    )


def screened(now: datetime = NOW, dbs_renewal: date = date(2029, 3, 1)) -> Volunteer:
    v = screening(now)
    for slot in (1, 2):
        v.record_reference(Reference(slot, TODAY, TODAY, True), now)
    v.record_dbs(dbs(dbs_renewal), now)
    return v


def in_training(now: datetime = NOW) -> Volunteer:
    v = screened(now)
    v.start_training(Course.CORE_FACILITATOR, TODAY, now)
    return v


def trained(now: datetime = NOW, dbs_renewal: date = date(2029, 3, 1)) -> Volunteer:
    v = screened(now, dbs_renewal)
    v.start_training(Course.CORE_FACILITATOR, TODAY - timedelta(days=30), now)
    v.complete_training(
        Course.CORE_FACILITATOR, sessions_attended=4, completed_on=TODAY, rules=RULES, now=now
    )
    return v


def active(now: datetime = NOW) -> Volunteer:
    v = trained(now)
    v.activate(GROUP, now)
    return v


def paused(now: datetime = NOW) -> Volunteer:
    v = active(now)
    v.pause(None, now)
    return v


def left(now: datetime = NOW) -> Volunteer:
    v = applied(now)
    v.leave(LeaveReason.MOVED, now)
    return v

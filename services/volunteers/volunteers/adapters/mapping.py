"""Rows to domain objects and back: the one place that knows both shapes."""

from __future__ import annotations

from typing import Any

from volunteers.domain.checks import CheckStatus, DbsCheck, DbsLevel, Reference
from volunteers.domain.model import Volunteer
from volunteers.domain.people import Applicant, Channel, Day, PartOfDay, Slot, Supervisor
from volunteers.domain.renewals import Check, ExpiryWatch
from volunteers.domain.stages import LeaveReason, Stage
from volunteers.domain.training import Course, TrainingRecord


def volunteer(
    m: Any, applicant: Any, supervisor: Any, dbs: Any, refs: list[Any], trainings: list[Any]
) -> Volunteer:
    """A whole volunteer from its row and the rows of its parts."""
    return Volunteer(
        id=m["id"],
        area=m["area"],
        applied_at=m["applied_at"],
        lived_experience=m["lived_experience"],
        availability=tuple(
            Slot(Day(a["day"]), PartOfDay(a["part_of_day"])) for a in m["availability"]
        ),
        applicant=applicant_of(applicant) if applicant else None,
        stage=Stage(m["stage"]),
        stage_entered_at=m["stage_entered_at"],
        references={
            r["slot"]: Reference(r["slot"], r["requested_on"], r["received_on"], r["satisfactory"])
            for r in refs
        },
        dbs=dbs_of(dbs) if dbs else None,
        trainings=[
            TrainingRecord(
                Course(t["course"]),
                t["started_on"],
                t["sessions_attended"],
                t["completed_on"],
                t["valid_until"],
            )
            for t in trainings
        ],
        supervisor=Supervisor(supervisor["name"], supervisor["role"], supervisor["organisation"])
        if supervisor
        else None,
        screened_at=m["screened_at"],
        paused_from=Stage(m["paused_from"]) if m["paused_from"] else None,
        paused_until=m["paused_until"],
        left_reason=LeaveReason(m["left_reason"]) if m["left_reason"] else None,
        left_at=m["left_at"],
        stage_left_from=Stage(m["stage_left_from"]) if m["stage_left_from"] else None,
        training_watch=ExpiryWatch(
            Check.TRAINING,
            m["training_valid_until"],
            m["training_reminded_for"],
            m["training_expired_for"],
        ),
        dbs_watch=ExpiryWatch(
            Check.DBS,
            dbs["renewal_due"] if dbs else None,
            dbs["reminded_for"] if dbs else None,
            dbs["expired_for"] if dbs else None,
        ),
        erased_at=m["erased_at"],
        version=m["version"],
    )


def row(v: Volunteer) -> dict[str, Any]:
    return {
        "id": v.id,
        "area": v.area,
        "stage": v.stage.value,
        "stage_entered_at": v.stage_entered_at or v.applied_at,
        "applied_at": v.applied_at,
        "lived_experience": v.lived_experience,
        "availability": [
            {"day": s.day.value, "part_of_day": s.part_of_day.value} for s in v.availability
        ],
        "screened_at": v.screened_at,
        "paused_from": v.paused_from.value if v.paused_from else None,
        "paused_until": v.paused_until,
        "left_reason": v.left_reason.value if v.left_reason else None,
        "left_at": v.left_at,
        "stage_left_from": v.stage_left_from.value if v.stage_left_from else None,
        "training_valid_until": v.training_watch.expires_on,
        "training_reminded_for": v.training_watch.reminded_for,
        "training_expired_for": v.training_watch.expired_for,
        "erased_at": v.erased_at,
        "version": v.version,
    }


def applicant_row(a: Applicant | None) -> dict[str, Any] | None:
    if a is None:
        return None
    return {
        "given_name": a.given_name,
        "family_name": a.family_name,
        "email": a.email,
        "mobile": a.mobile,
        "preferred_channel": a.preferred_channel.value,
        "consent_to_contact": a.consent_to_contact,
        "motivation": a.motivation,
    }


def applicant_of(m: Any) -> Applicant:
    return Applicant(
        given_name=m["given_name"],
        family_name=m["family_name"],
        email=m["email"],
        mobile=m["mobile"],
        preferred_channel=Channel(m["preferred_channel"]),
        consent_to_contact=m["consent_to_contact"],
        motivation=m["motivation"],
    )


def supervisor_row(s: Supervisor | None) -> dict[str, Any] | None:
    return None if s is None else {"name": s.name, "role": s.role, "organisation": s.organisation}


def dbs_row(v: Volunteer) -> dict[str, Any]:
    d = v.dbs
    assert d is not None
    return {
        "status": d.status.value,
        "level": d.level.value if d.level else None,
        "certificate_number": d.certificate_number,
        "issued_on": d.issued_on,
        "renewal_due": d.renewal_due,
        "reminded_for": v.dbs_watch.reminded_for,
        "expired_for": v.dbs_watch.expired_for,
    }


def dbs_of(m: Any) -> DbsCheck:
    return DbsCheck(
        status=CheckStatus(m["status"]),
        level=DbsLevel(m["level"]) if m["level"] else None,
        certificate_number=m["certificate_number"],
        issued_on=m["issued_on"],
        renewal_due=m["renewal_due"],
    )

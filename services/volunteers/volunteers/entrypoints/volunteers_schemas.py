"""What coordinators see of a volunteer: the whole record, the worklist and the statistics."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from volunteers.domain.checks import CheckStatus, DbsLevel
from volunteers.domain.model import Volunteer
from volunteers.domain.people import Channel, Day, PartOfDay
from volunteers.domain.stages import LeaveReason, Stage
from volunteers.domain.training import Course
from volunteers.domain.worklist import Flag, StageTargets, flag
from volunteers.entrypoints.examples import EXAMPLE_VOLUNTEER


class SlotOut(BaseModel):
    day: Day
    part_of_day: PartOfDay


class PersonOut(BaseModel):
    given_name: str
    family_name: str
    email: str
    mobile: str | None
    preferred_channel: Channel
    consent_to_contact: bool
    motivation: str


class ReferenceOut(BaseModel):
    slot: int = Field(examples=[1])
    status: CheckStatus = Field(examples=["complete"])
    requested_on: date
    received_on: date | None
    satisfactory: bool | None


class DbsOut(BaseModel):
    status: CheckStatus = Field(examples=["complete"])
    level: DbsLevel | None = Field(examples=["enhanced"])
    certificate_number: str | None = Field(examples=["001234567890"])
    issued_on: date | None
    renewal_due: date | None


class TrainingOut(BaseModel):
    course: Course
    started_on: date
    sessions_attended: int
    completed_on: date | None
    valid_until: date | None


class SupervisorOut(BaseModel):
    name: str = Field(examples=["Dr Asha Patel"])
    role: str = Field(examples=["Diabetes specialist nurse"])
    organisation: str = Field(examples=["Leeds Teaching Hospitals NHS Trust"])


class VolunteerPublic(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE_VOLUNTEER]})

    id: UUID = Field(examples=["7d1c2b9e-3f4a-4c5d-8e6f-0a1b2c3d4e5f"])
    status: Stage = Field(examples=["screening"])
    area: str = Field(examples=["leeds"])
    applied_at: datetime
    stage_entered_at: datetime
    flag: Flag | None = Field(
        description="amber: past the stage's ideal days; red: past its maximum", examples=["ok"]
    )
    eligible: bool = Field(description="May lead a group today (trained, training and DBS valid)")
    lived_experience: bool
    availability: list[SlotOut]
    references: list[ReferenceOut]
    dbs: DbsOut | None
    training: list[TrainingOut]
    training_valid_until: date | None
    supervisor: SupervisorOut | None
    paused_until: date | None
    left_reason: LeaveReason | None
    left_at: datetime | None
    erased: bool
    person: PersonOut | None = Field(
        None, description="Coordinators and admins only; null once erased"
    )

    @classmethod
    def of(
        cls, v: Volunteer, *, now: datetime, targets: StageTargets, with_person: bool
    ) -> VolunteerPublic:
        a, s, d = v.applicant, v.supervisor, v.dbs
        entered = v.stage_entered_at or v.applied_at
        return cls(
            id=v.id,
            status=v.stage,
            area=v.area,
            applied_at=v.applied_at,
            stage_entered_at=entered,
            flag=flag(v.stage, entered, now, targets),
            eligible=v.eligible(now.date()),
            lived_experience=v.lived_experience,
            availability=[SlotOut(day=x.day, part_of_day=x.part_of_day) for x in v.availability],
            references=[
                ReferenceOut(
                    slot=r.slot,
                    status=r.status,
                    requested_on=r.requested_on,
                    received_on=r.received_on,
                    satisfactory=r.satisfactory,
                )
                for r in sorted(v.references.values(), key=lambda r: r.slot)
            ],
            dbs=DbsOut(
                status=d.status,
                level=d.level,
                certificate_number=d.certificate_number if with_person else None,
                issued_on=d.issued_on,
                renewal_due=d.renewal_due,
            )
            if d
            else None,
            training=[
                TrainingOut(
                    course=t.course,
                    started_on=t.started_on,
                    sessions_attended=t.sessions_attended,
                    completed_on=t.completed_on,
                    valid_until=t.valid_until,
                )
                for t in v.trainings
            ],
            training_valid_until=v.training_valid_until,
            supervisor=SupervisorOut(name=s.name, role=s.role, organisation=s.organisation)
            if s and with_person
            else None,
            paused_until=v.paused_until,
            left_reason=v.left_reason,
            left_at=v.left_at,
            erased=v.erased_at is not None,
            person=PersonOut(
                given_name=a.given_name,
                family_name=a.family_name,
                email=a.email,
                mobile=a.mobile,
                preferred_channel=a.preferred_channel,
                consent_to_contact=a.consent_to_contact,
                motivation=a.motivation,
            )
            if a and with_person
            else None,
        )

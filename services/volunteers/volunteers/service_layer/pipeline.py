"""Coordinators' actions on a volunteer: checks, training, support, pauses and leaving."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from t2t_shared.events import IntegrationEvent
from t2t_shared.topics import Topics
from volunteers import events
from volunteers.domain import commands
from volunteers.domain.checks import DbsCheck, Reference, completed_dbs, received_reference
from volunteers.domain.model import Volunteer
from volunteers.domain.stages import InvalidDetail
from volunteers.domain.training import CourseRules
from volunteers.service_layer import publishing
from volunteers.service_layer.common import Clock, change, utc_now
from volunteers.service_layer.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Pipeline:
    """The use cases with what they need besides a unit of work."""

    topics: Topics
    rules: CourseRules
    clock: Clock = utc_now

    async def start_screening(self, volunteer_id: uuid.UUID, uow: UnitOfWork) -> Volunteer:
        now = self.clock()

        def act(v: Volunteer) -> list[IntegrationEvent]:
            v.start_screening(now)
            return [events.ScreeningStarted(volunteer_id=v.id, area=v.area, started_at=now)]

        return await change(volunteer_id, uow, self.topics, act)

    async def record_reference(self, cmd: commands.RecordReference, uow: UnitOfWork) -> Volunteer:
        now = self.clock()

        def act(v: Volunteer) -> list[IntegrationEvent]:
            known = v.references.get(cmd.slot)
            requested_on = cmd.requested_on or (known.requested_on if known else now.date())
            if requested_on > now.date():
                raise InvalidDetail("requested_on", "cannot be in the future")
            if cmd.received_on is None:
                ref = Reference(cmd.slot, requested_on)
            else:
                assert cmd.satisfactory is not None
                ref = received_reference(
                    cmd.slot, requested_on, cmd.received_on, cmd.satisfactory, now.date()
                )
            return [publishing.screened(v)] if v.record_reference(ref, now) else []

        return await change(cmd.volunteer_id, uow, self.topics, act)

    async def record_dbs(self, cmd: commands.RecordDbs, uow: UnitOfWork) -> Volunteer:
        now = self.clock()

        def act(v: Volunteer) -> list[IntegrationEvent]:
            if cmd.completed:
                assert cmd.level is not None
                assert cmd.certificate_number is not None
                assert cmd.issued_on is not None
                assert cmd.renewal_due is not None
                dbs = completed_dbs(
                    level=cmd.level,
                    certificate_number=cmd.certificate_number,
                    issued_on=cmd.issued_on,
                    renewal_due=cmd.renewal_due,
                    today=now.date(),
                )
            else:
                dbs = DbsCheck(level=cmd.level)
            return [publishing.screened(v)] if v.record_dbs(dbs, now) else []

        return await change(cmd.volunteer_id, uow, self.topics, act)

    async def start_training(self, cmd: commands.StartTraining, uow: UnitOfWork) -> Volunteer:
        now = self.clock()

        def act(v: Volunteer) -> list[IntegrationEvent]:
            v.start_training(cmd.course, cmd.started_on or now.date(), now)
            return [
                events.TrainingStarted(
                    volunteer_id=v.id, area=v.area, course=cmd.course.value, started_at=now
                )
            ]

        return await change(cmd.volunteer_id, uow, self.topics, act)

    async def complete_training(self, cmd: commands.CompleteTraining, uow: UnitOfWork) -> Volunteer:
        now = self.clock()

        def act(v: Volunteer) -> list[IntegrationEvent]:
            record = v.complete_training(
                cmd.course,
                sessions_attended=cmd.sessions_attended,
                completed_on=cmd.completed_on or now.date(),
                rules=self.rules,
                now=now,
            )
            return [publishing.trained(v, record)]

        return await change(cmd.volunteer_id, uow, self.topics, act)

    async def set_supervisor(self, cmd: commands.SetSupervisor, uow: UnitOfWork) -> Volunteer:
        def act(v: Volunteer) -> list[IntegrationEvent]:
            v.set_supervisor(cmd.supervisor)
            # An erased volunteer has no contact record to update.
            return [publishing.contact(v)] if v.applicant is not None else []

        return await change(cmd.volunteer_id, uow, self.topics, act)

    async def pause(self, cmd: commands.Pause, uow: UnitOfWork) -> Volunteer:
        now = self.clock()

        def act(v: Volunteer) -> list[IntegrationEvent]:
            v.pause(cmd.until, now)
            return [
                events.VolunteerPaused(
                    volunteer_id=v.id, area=v.area, paused_at=now, until=cmd.until
                )
            ]

        return await change(cmd.volunteer_id, uow, self.topics, act)

    async def resume(self, volunteer_id: uuid.UUID, uow: UnitOfWork) -> Volunteer:
        now = self.clock()

        def act(v: Volunteer) -> list[IntegrationEvent]:
            v.resume(now)
            return [events.VolunteerResumed(volunteer_id=v.id, area=v.area, resumed_at=now)]

        return await change(volunteer_id, uow, self.topics, act)

    async def leave(self, cmd: commands.Leave, uow: UnitOfWork) -> Volunteer:
        now = self.clock()

        def act(v: Volunteer) -> list[IntegrationEvent]:
            v.leave(cmd.reason, now)
            return [left(v)]

        return await change(cmd.volunteer_id, uow, self.topics, act)


def left(v: Volunteer) -> events.VolunteerLeft:
    assert v.left_reason is not None
    assert v.stage_left_from is not None
    assert v.left_at is not None
    return events.VolunteerLeft(
        volunteer_id=v.id,
        area=v.area,
        reason=v.left_reason.value,
        stage_left_from=v.stage_left_from.value,
        left_at=v.left_at,
    )

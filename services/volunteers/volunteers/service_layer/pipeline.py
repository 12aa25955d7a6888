"""Coordinators' actions on a volunteer: checks, training, support, pauses and leaving."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from t2t_shared.kernel.clock import Clock, utc_now
from t2t_shared.topics import Topics
from volunteers.domain import commands
from volunteers.domain.checks import DbsCheck, Reference, completed_dbs, received_reference
from volunteers.domain.model import Volunteer
from volunteers.domain.stages import InvalidDetail
from volunteers.domain.training import CourseRules
from volunteers.service_layer.common import change
from volunteers.service_layer.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Pipeline:
    """The use cases with what they need besides a unit of work."""

    topics: Topics
    rules: CourseRules
    clock: Clock = utc_now

    async def start_screening(self, volunteer_id: uuid.UUID, uow: UnitOfWork) -> Volunteer:
        now = self.clock()
        return await change(volunteer_id, uow, self.topics, lambda v: v.start_screening(now))

    async def record_reference(self, cmd: commands.RecordReference, uow: UnitOfWork) -> Volunteer:
        now = self.clock()

        def act(v: Volunteer) -> None:
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
            v.record_reference(ref, now)

        return await change(cmd.volunteer_id, uow, self.topics, act)

    async def record_dbs(self, cmd: commands.RecordDbs, uow: UnitOfWork) -> Volunteer:
        now = self.clock()

        def act(v: Volunteer) -> None:
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
            v.record_dbs(dbs, now)

        return await change(cmd.volunteer_id, uow, self.topics, act)

    async def start_training(self, cmd: commands.StartTraining, uow: UnitOfWork) -> Volunteer:
        now = self.clock()
        started_on = cmd.started_on or now.date()
        return await change(
            cmd.volunteer_id,
            uow,
            self.topics,
            lambda v: v.start_training(cmd.course, started_on, now),
        )

    async def complete_training(self, cmd: commands.CompleteTraining, uow: UnitOfWork) -> Volunteer:
        now = self.clock()

        def act(v: Volunteer) -> None:
            v.complete_training(
                cmd.course,
                sessions_attended=cmd.sessions_attended,
                completed_on=cmd.completed_on or now.date(),
                rules=self.rules,
                now=now,
            )

        return await change(cmd.volunteer_id, uow, self.topics, act)

    async def set_supervisor(self, cmd: commands.SetSupervisor, uow: UnitOfWork) -> Volunteer:
        return await change(
            cmd.volunteer_id, uow, self.topics, lambda v: v.set_supervisor(cmd.supervisor)
        )

    async def pause(self, cmd: commands.Pause, uow: UnitOfWork) -> Volunteer:
        now = self.clock()
        return await change(cmd.volunteer_id, uow, self.topics, lambda v: v.pause(cmd.until, now))

    async def resume(self, volunteer_id: uuid.UUID, uow: UnitOfWork) -> Volunteer:
        now = self.clock()
        return await change(volunteer_id, uow, self.topics, lambda v: v.resume(now))

    async def leave(self, cmd: commands.Leave, uow: UnitOfWork) -> Volunteer:
        now = self.clock()
        return await change(cmd.volunteer_id, uow, self.topics, lambda v: v.leave(cmd.reason, now))

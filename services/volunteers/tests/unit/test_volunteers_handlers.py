"""The use cases over fakes: what is stored, what is published, and what is refused."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from t2t_shared.envelope import EventRecord
from t2t_shared.kernel.event_meta import EventMeta
from t2t_shared.topics import Topics
from volunteers import events
from volunteers.consumed_events import FACILITATOR_ASSIGNED
from volunteers.contacts import VolunteerContact
from volunteers.domain import commands
from volunteers.domain.checks import DbsLevel
from volunteers.domain.people import Day, PartOfDay, Slot, Supervisor
from volunteers.domain.stages import IllegalTransition, LeaveReason, RuleBroken, Stage
from volunteers.domain.training import Course
from volunteers.service_layer import applications, assignments, people
from volunteers.service_layer.common import NotFound
from volunteers.service_layer.pipeline import Pipeline
from volunteers.service_layer.sweep import ExpirySweep

from . import factories as f
from .conftest import FakeClock, FakeUnitOfWork
from .factories import NOW, RULES, TODAY

EVENTS, CONTACTS = "t2t.volunteers.events", "t2t.volunteers.contacts"
PERSONAL = ("Philippa", "Ramsbottom", "philippa.ramsbottom", "900123", "diagnosed in 2019")


@pytest.fixture
def pipeline(topics: Topics, clock: FakeClock) -> Pipeline:
    return Pipeline(topics, RULES, clock)


def published(uow: FakeUnitOfWork) -> list[tuple[str, str]]:
    return [
        (topic, type(e).__name__ if not isinstance(e, EventRecord) else "tombstone")
        for topic, e in uow.outbox.events
    ]


class TestApplying:
    async def test_stores_the_volunteer_and_publishes_contact_then_event(
        self, uow: FakeUnitOfWork, topics: Topics, clock: FakeClock
    ) -> None:
        cmd = commands.Apply(
            area="leeds",
            applicant=f.applicant(),
            lived_experience=True,
            availability=(Slot(Day.TUESDAY, PartOfDay.EVENING),),
        )

        v = await applications.apply(cmd, uow, topics, clock)

        assert uow.volunteers.stored[v.id].applicant == f.applicant()
        assert published(uow) == [(CONTACTS, "VolunteerContact"), (EVENTS, "VolunteerApplied")]
        contact, applied = (e for _, e in uow.outbox.events)
        assert isinstance(contact, VolunteerContact)
        assert (contact.given_name, contact.mobile) == ("Philippa", "+447700900123")
        assert contact.record_version == 1
        assert applied.model_dump(mode="json") == {
            "volunteer_id": str(v.id),
            "area": "leeds",
            "applied_at": "2026-03-10T09:30:00Z",
            "lived_experience": True,
            "availability": [{"day": "tuesday", "part_of_day": "evening"}],
        }
        assert not [p for p in PERSONAL if p in applied.model_dump_json()]


class TestScreening:
    async def test_start_publishes_screening_started(
        self, uow: FakeUnitOfWork, pipeline: Pipeline
    ) -> None:
        v = uow.volunteers.put(f.applied())

        after = await pipeline.start_screening(v.id, uow)

        assert after.stage is Stage.SCREENING
        assert uow.volunteers.stored[v.id].stage is Stage.SCREENING
        [started] = uow.outbox.of_type(events.ScreeningStarted)
        assert (started.volunteer_id, started.area, started.started_at) == (v.id, "leeds", NOW)

    async def test_an_unknown_volunteer_is_not_found(
        self, uow: FakeUnitOfWork, pipeline: Pipeline
    ) -> None:
        with pytest.raises(NotFound):
            await pipeline.start_screening(uuid.uuid4(), uow)

    async def test_references_and_dbs_complete_screening_once(
        self, uow: FakeUnitOfWork, pipeline: Pipeline
    ) -> None:
        v = uow.volunteers.put(f.screening())
        for slot in (1, 2):
            await pipeline.record_reference(
                commands.RecordReference(v.id, slot, received_on=TODAY, satisfactory=True), uow
            )
        assert uow.outbox.of_type(events.VolunteerScreened) == []

        dbs = commands.RecordDbs(
            v.id, True, DbsLevel.ENHANCED, "001234567890", date(2026, 3, 1), date(2029, 3, 1)
        )
        await pipeline.record_dbs(dbs, uow)
        await pipeline.record_dbs(dbs, uow)

        [screened] = uow.outbox.of_type(events.VolunteerScreened)
        assert (screened.dbs_level, screened.dbs_renewal_due) == ("enhanced", date(2029, 3, 1))
        assert uow.volunteers.stored[v.id].dbs.certificate_number == "001234567890"  # type: ignore[union-attr]

    async def test_an_unsatisfactory_reference_can_be_requested_again(
        self, uow: FakeUnitOfWork, pipeline: Pipeline
    ) -> None:
        v = uow.volunteers.put(f.screening())
        record = pipeline.record_reference
        await record(commands.RecordReference(v.id, 1, received_on=TODAY, satisfactory=True), uow)
        await record(commands.RecordReference(v.id, 2, received_on=TODAY, satisfactory=False), uow)
        dbs = commands.RecordDbs(
            v.id, True, DbsLevel.BASIC, "001234567890", date(2026, 3, 1), date(2029, 3, 1)
        )
        await pipeline.record_dbs(dbs, uow)
        assert uow.outbox.of_type(events.VolunteerScreened) == []

        again = await record(commands.RecordReference(v.id, 2, requested_on=TODAY), uow)
        assert again.screening_missing() == ["reference 2 (pending)"]
        await record(commands.RecordReference(v.id, 2, received_on=TODAY, satisfactory=True), uow)

        [screened] = uow.outbox.of_type(events.VolunteerScreened)
        assert screened.dbs_level == "basic"

    async def test_training_before_screening_changes_and_publishes_nothing(
        self, uow: FakeUnitOfWork, pipeline: Pipeline
    ) -> None:
        v = uow.volunteers.put(f.screening())

        with pytest.raises(RuleBroken):
            await pipeline.start_training(
                commands.StartTraining(v.id, Course.CORE_FACILITATOR), uow
            )

        assert uow.volunteers.stored[v.id].stage is Stage.SCREENING
        assert (uow.commits, uow.outbox.events) == (0, [])


class TestTraining:
    async def test_core_course_start_and_completion(
        self, uow: FakeUnitOfWork, pipeline: Pipeline, clock: FakeClock
    ) -> None:
        v = uow.volunteers.put(f.screened())
        await pipeline.start_training(commands.StartTraining(v.id, Course.CORE_FACILITATOR), uow)
        clock.now = NOW + timedelta(days=40)

        await pipeline.complete_training(
            commands.CompleteTraining(v.id, Course.CORE_FACILITATOR, 4), uow
        )

        assert published(uow) == [(EVENTS, "TrainingStarted"), (EVENTS, "FacilitatorTrained")]
        [trained] = uow.outbox.of_type(events.FacilitatorTrained)
        assert trained.course == "core_facilitator"
        assert trained.completed_at.date() == clock.now.date()
        assert trained.valid_until == date(2028, 4, 19)
        assert uow.volunteers.stored[v.id].stage is Stage.TRAINED

    async def test_a_refresher_publishes_facilitator_trained_with_its_course(
        self, uow: FakeUnitOfWork, pipeline: Pipeline
    ) -> None:
        v = uow.volunteers.put(f.active())
        await pipeline.start_training(commands.StartTraining(v.id, Course.REFRESHER), uow)
        await pipeline.complete_training(commands.CompleteTraining(v.id, Course.REFRESHER, 1), uow)

        [trained] = uow.outbox.of_type(events.FacilitatorTrained)
        assert (trained.course, trained.valid_until) == ("refresher", date(2028, 3, 10))


class TestSupportPausesLeaving:
    async def test_a_supervisor_goes_on_the_contact_record_only(
        self, uow: FakeUnitOfWork, pipeline: Pipeline
    ) -> None:
        v = uow.volunteers.put(f.trained())
        supervisor = Supervisor("Dr Asha Patel", "Diabetes nurse", "Leeds Teaching Hospitals")

        await pipeline.set_supervisor(commands.SetSupervisor(v.id, supervisor), uow)

        assert published(uow) == [(CONTACTS, "VolunteerContact")]
        [contact] = uow.outbox.of_type(VolunteerContact)
        assert (contact.supervisor_name, contact.supervisor_organisation) == (
            "Dr Asha Patel",
            "Leeds Teaching Hospitals",
        )
        assert contact.given_name == "Philippa"
        assert contact.model_dump(mode="json", by_alias=True)["version"] == 1

    async def test_pause_resume_leave(self, uow: FakeUnitOfWork, pipeline: Pipeline) -> None:
        v = uow.volunteers.put(f.active())
        until = TODAY + timedelta(days=60)

        await pipeline.pause(commands.Pause(v.id, until), uow)
        await pipeline.resume(v.id, uow)
        await pipeline.leave(commands.Leave(v.id, LeaveReason.MOVED), uow)

        paused, resumed, left = (e for _, e in uow.outbox.events)
        assert isinstance(paused, events.VolunteerPaused)
        assert paused.until == until
        assert isinstance(resumed, events.VolunteerResumed)
        assert isinstance(left, events.VolunteerLeft)
        assert (left.reason, left.stage_left_from) == ("moved", "active")

    async def test_an_illegal_transition_is_refused_with_the_current_stage(
        self, uow: FakeUnitOfWork, pipeline: Pipeline
    ) -> None:
        v = uow.volunteers.put(f.applied())

        with pytest.raises(IllegalTransition) as refused:
            await pipeline.pause(commands.Pause(v.id), uow)

        assert refused.value.current is Stage.APPLIED
        assert uow.commits == 0


class TestTheSweep:
    async def test_each_notice_goes_once_as_the_days_pass(
        self, uow: FakeUnitOfWork, topics: Topics, clock: FakeClock
    ) -> None:
        v = uow.volunteers.put(f.trained())  # training valid until 2028-03-10
        sweep = ExpirySweep(lambda: uow, topics, notice_days=30, clock=clock)
        seen: list[tuple[str, str]] = []
        start = date(2028, 2, 1)
        for offset in range(45):
            clock.now = NOW.replace(year=start.year, month=start.month, day=start.day) + timedelta(
                days=offset
            )
            await sweep()
        for _, e in uow.outbox.events:
            seen.append((type(e).__name__, str(e.model_dump().get("check"))))

        assert seen == [("RenewalDue", "training"), ("TrainingExpired", "training")]
        reminder, expired = (e for _, e in uow.outbox.events)
        assert isinstance(reminder, events.RenewalDue)
        assert (reminder.expires_on, reminder.days_left) == (date(2028, 3, 10), 30)
        assert isinstance(expired, events.TrainingExpired)
        assert expired.expired_on == date(2028, 3, 10)
        stored = uow.volunteers.stored[v.id]
        assert stored.training_watch.lapsed
        assert not stored.eligible(date(2028, 3, 10))


class TestAssignments:
    META = EventMeta(id="evt-1", source="/t2t/dev/groups", type=FACILITATOR_ASSIGNED)

    async def test_activates_once_per_event(
        self, uow: FakeUnitOfWork, topics: Topics, clock: FakeClock
    ) -> None:
        v = uow.volunteers.put(f.trained())
        group = uuid.uuid4()

        first = await assignments.on_facilitator_assigned(
            v.id, group, self.META, uow, topics, clock
        )
        again = await assignments.on_facilitator_assigned(
            v.id, group, self.META, uow, topics, clock
        )

        assert (first, again) == (assignments.Outcome.ACTIVATED, assignments.Outcome.DUPLICATE)
        [activated] = uow.outbox.of_type(events.VolunteerActivated)
        assert (activated.group_id, activated.activated_at) == (group, NOW)
        assert uow.volunteers.stored[v.id].stage is Stage.ACTIVE

    async def test_an_unknown_volunteer_is_recorded_and_skipped(
        self, uow: FakeUnitOfWork, topics: Topics, clock: FakeClock
    ) -> None:
        outcome = await assignments.on_facilitator_assigned(
            uuid.uuid4(), uuid.uuid4(), self.META, uow, topics, clock
        )

        assert outcome is assignments.Outcome.UNKNOWN_VOLUNTEER
        assert uow.inbox.claimed == {("/t2t/dev/groups", "evt-1")}
        assert uow.outbox.events == []

    async def test_a_paused_volunteer_cannot_be_activated(
        self, uow: FakeUnitOfWork, topics: Topics, clock: FakeClock
    ) -> None:
        v = uow.volunteers.put(f.paused())

        with pytest.raises(IllegalTransition):
            await assignments.on_facilitator_assigned(
                v.id, uuid.uuid4(), self.META, uow, topics, clock
            )

        assert uow.inbox.claimed == set()  # rolled back: the consumer dead-letters it


class TestErasure:
    async def test_removes_the_person_leaves_and_tombstones(
        self, uow: FakeUnitOfWork, topics: Topics, clock: FakeClock
    ) -> None:
        v = f.trained()
        v.set_supervisor(Supervisor("Dr Asha Patel", "Nurse", "Trust"))
        uow.volunteers.put(v)

        first = await people.erase(v.id, uow, topics, clock)
        again = await people.erase(v.id, uow, topics, clock)

        assert (first.erased, first.left, first.tombstoned) == (True, True, [v.id])
        assert (again.erased, again.left, again.tombstoned) == (False, False, [])

        stored = uow.volunteers.stored[v.id]
        assert (stored.applicant, stored.supervisor, stored.erased_at) == (None, None, NOW)
        assert stored.dbs is not None
        assert stored.dbs.certificate_number is None
        assert (stored.stage, stored.left_reason) == (Stage.LEFT, LeaveReason.OTHER)
        assert published(uow) == [(EVENTS, "VolunteerLeft"), (CONTACTS, "tombstone")]
        tombstone = uow.outbox.events[-1][1]
        assert isinstance(tombstone, EventRecord)
        assert (tombstone.key, tombstone.value) == (str(v.id), None)

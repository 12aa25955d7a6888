"""The volunteer aggregate: every transition of the pipeline and every rule, no I/O."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from volunteers.domain import events
from volunteers.domain.checks import CheckStatus, DbsCheck, Reference
from volunteers.domain.model import Volunteer
from volunteers.domain.people import Day, PartOfDay, Slot, Supervisor
from volunteers.domain.stages import (
    IllegalTransition,
    InvalidDetail,
    LeaveReason,
    RuleBroken,
    Stage,
)
from volunteers.domain.training import Course

from . import factories as f
from .factories import NOW, RULES, TODAY

LATER = NOW + timedelta(days=3)


class TestApplying:
    def test_an_application_starts_in_applied(self) -> None:
        v = f.applied()

        assert (v.stage, v.stage_entered_at, v.applied_at) == (Stage.APPLIED, NOW, NOW)
        assert v.applicant is not None

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"lived_experience": False}, "lived_experience"),
            ({"availability": ()}, "availability"),
            ({"applicant": f.applicant(consent_to_contact=False)}, "consent_to_contact"),
        ],
    )
    def test_is_refused_without_what_a_facilitator_needs(
        self, changes: dict[str, object], field: str
    ) -> None:
        values: dict[str, object] = {
            "area": "leeds",
            "applicant": f.applicant(),
            "lived_experience": True,
            "availability": (Slot(Day.MONDAY, PartOfDay.MORNING),),
            "now": NOW,
        }
        with pytest.raises(InvalidDetail) as refused:
            Volunteer.apply(**{**values, **changes})  # type: ignore[arg-type]
        assert refused.value.field == field


class TestScreening:
    def test_starting_requests_two_references_and_a_dbs_check(self) -> None:
        v = f.applied()

        v.start_screening(LATER)

        assert (v.stage, v.stage_entered_at) == (Stage.SCREENING, LATER)
        assert [r.status for r in v.references.values()] == [CheckStatus.PENDING] * 2
        assert v.dbs == DbsCheck(status=CheckStatus.PENDING)

    def test_completes_only_with_both_references_satisfactory_and_the_dbs(self) -> None:
        v = f.screening()

        assert v.record_reference(Reference(1, TODAY, TODAY, True), NOW) is False
        assert v.record_dbs(f.dbs(), NOW) is False
        assert v.screened_at is None
        assert v.record_reference(Reference(2, TODAY, TODAY, True), LATER) is True
        assert v.screened_at == LATER
        assert v.screening_missing() == []

    def test_an_unsatisfactory_reference_keeps_it_incomplete(self) -> None:
        v = f.screening()
        v.record_dbs(f.dbs(), NOW)
        v.record_reference(Reference(1, TODAY, TODAY, True), NOW)

        done = v.record_reference(Reference(2, TODAY, TODAY, False), NOW)

        assert done is False
        assert v.screening_missing() == ["reference 2 (not satisfactory)"]

    def test_completion_is_announced_once(self) -> None:
        v = f.screened()

        again = v.record_reference(Reference(1, TODAY, TODAY, True), LATER)

        assert again is False
        assert v.screened_at == NOW

    def test_a_reference_redone_as_unsatisfactory_undoes_completion(self) -> None:
        v = f.screened()

        v.record_reference(Reference(1, TODAY, TODAY, False), LATER)

        assert v.screened_at is None
        with pytest.raises(RuleBroken, match="reference 1"):
            v.start_training(Course.CORE_FACILITATOR, TODAY, LATER)

    def test_training_cannot_start_before_screening_is_complete(self) -> None:
        v = f.screening()

        with pytest.raises(RuleBroken) as refused:
            v.start_training(Course.CORE_FACILITATOR, TODAY, NOW)

        message = str(refused.value)
        assert "before screening is complete" in message
        assert "reference 1 (pending)" in message
        assert "DBS check (pending)" in message
        assert refused.value.current is Stage.SCREENING
        assert v.stage is Stage.SCREENING

    def test_a_pending_dbs_is_not_accepted_after_screening(self) -> None:
        v = f.trained()

        with pytest.raises(InvalidDetail) as refused:
            v.record_dbs(DbsCheck(), NOW)

        assert refused.value.field == "status"


class TestTraining:
    def test_core_course_takes_a_screened_volunteer_to_trained(self) -> None:
        v = f.screened()
        v.start_training(Course.CORE_FACILITATOR, TODAY - timedelta(days=40), NOW)
        assert v.stage is Stage.TRAINING

        record = v.complete_training(
            Course.CORE_FACILITATOR, sessions_attended=4, completed_on=TODAY, rules=RULES, now=LATER
        )

        assert (v.stage, v.stage_entered_at) == (Stage.TRAINED, LATER)
        assert record.valid_until == date(2028, 3, 10)
        assert v.training_valid_until == date(2028, 3, 10)
        assert v.eligible(TODAY)

    def test_too_few_sessions_do_not_complete_the_core_course(self) -> None:
        v = f.in_training()

        with pytest.raises(InvalidDetail) as refused:
            v.complete_training(
                Course.CORE_FACILITATOR,
                sessions_attended=3,
                completed_on=TODAY,
                rules=RULES,
                now=NOW,
            )

        assert refused.value.field == "sessions_attended"
        assert v.stage is Stage.TRAINING

    def test_completion_cannot_precede_the_start_or_follow_today(self) -> None:
        v = f.in_training()

        for day in (TODAY - timedelta(days=1), TODAY + timedelta(days=1)):
            with pytest.raises(InvalidDetail):
                v.complete_training(
                    Course.CORE_FACILITATOR,
                    sessions_attended=4,
                    completed_on=day,
                    rules=RULES,
                    now=NOW,
                )

    def test_a_refresher_renews_validity_without_changing_the_stage(self) -> None:
        v = f.active()
        refreshed_on = TODAY + timedelta(days=600)
        now = NOW + timedelta(days=600)
        v.start_training(Course.REFRESHER, refreshed_on, now)

        record = v.complete_training(
            Course.REFRESHER, sessions_attended=1, completed_on=refreshed_on, rules=RULES, now=now
        )

        assert v.stage is Stage.ACTIVE
        assert record.valid_until == v.training_valid_until == date(2029, 10, 31)

    def test_a_refresher_must_be_started_first(self) -> None:
        v = f.trained()

        with pytest.raises(RuleBroken, match="No refresher course is in progress"):
            v.complete_training(
                Course.REFRESHER, sessions_attended=1, completed_on=TODAY, rules=RULES, now=NOW
            )

    def test_one_refresher_at_a_time(self) -> None:
        v = f.trained()
        v.start_training(Course.REFRESHER, TODAY, NOW)

        with pytest.raises(RuleBroken, match="already in progress"):
            v.start_training(Course.REFRESHER, TODAY, NOW)


class TestPausesAndLeaving:
    def test_pause_and_resume_return_to_the_stage_paused_from(self) -> None:
        for make, stage in ((f.trained, Stage.TRAINED), (f.active, Stage.ACTIVE)):
            v = make()
            v.pause(TODAY + timedelta(days=30), NOW)
            assert (v.stage, v.paused_until) == (Stage.PAUSED, TODAY + timedelta(days=30))
            assert not v.eligible(TODAY)

            v.resume(LATER)

            assert (v.stage, v.stage_entered_at, v.paused_until) == (stage, LATER, None)

    def test_a_pause_cannot_end_in_the_past(self) -> None:
        with pytest.raises(InvalidDetail):
            f.active().pause(TODAY, NOW)

    @pytest.mark.parametrize(
        "make", [f.applied, f.screening, f.in_training, f.trained, f.active, f.paused]
    )
    def test_anyone_not_left_can_leave_with_a_reason(self, make: Callable[[], Volunteer]) -> None:
        v = make()
        before = v.stage

        v.leave(LeaveReason.RESIGNED, LATER)

        assert (v.stage, v.stage_left_from, v.left_reason, v.left_at) == (
            Stage.LEFT,
            before,
            LeaveReason.RESIGNED,
            LATER,
        )

    def test_activation_from_trained_and_again_while_active(self) -> None:
        v = f.trained()
        v.activate(f.GROUP, LATER)
        assert (v.stage, v.stage_entered_at) == (Stage.ACTIVE, LATER)

        v.activate(f.GROUP, LATER + timedelta(days=1))

        assert v.stage_entered_at == LATER


ILLEGAL = [
    (f.screening, "start_screening"),
    (f.applied, "record_reference"),
    (f.applied, "record_dbs"),
    (f.applied, "start_core"),
    (f.trained, "start_core"),
    (f.screening, "complete_core"),
    (f.applied, "start_refresher"),
    (f.in_training, "start_refresher"),
    (f.in_training, "set_supervisor"),
    (f.applied, "activate"),
    (f.screening, "activate"),
    (f.in_training, "activate"),
    (f.paused, "activate"),
    (f.left, "activate"),
    (f.applied, "pause"),
    (f.paused, "pause"),
    (f.trained, "resume"),
    (f.active, "resume"),
    (f.left, "leave"),
    (f.left, "start_screening"),
]

ACTIONS: dict[str, Callable[[Volunteer], object]] = {
    "start_screening": lambda v: v.start_screening(NOW),
    "record_reference": lambda v: v.record_reference(Reference(1, TODAY, TODAY, True), NOW),
    "record_dbs": lambda v: v.record_dbs(f.dbs(), NOW),
    "start_core": lambda v: v.start_training(Course.CORE_FACILITATOR, TODAY, NOW),
    "complete_core": lambda v: v.complete_training(
        Course.CORE_FACILITATOR, sessions_attended=4, completed_on=TODAY, rules=RULES, now=NOW
    ),
    "start_refresher": lambda v: v.start_training(Course.REFRESHER, TODAY, NOW),
    "set_supervisor": lambda v: v.set_supervisor(Supervisor("Dr A", "Nurse", "NHS Trust")),
    "activate": lambda v: v.activate(f.GROUP, NOW),
    "pause": lambda v: v.pause(None, NOW),
    "resume": lambda v: v.resume(NOW),
    "leave": lambda v: v.leave(LeaveReason.OTHER, NOW),
}


@pytest.mark.parametrize(("make", "action"), ILLEGAL)
def test_illegal_transitions_name_the_current_stage(
    make: Callable[[], Volunteer], action: str
) -> None:
    v = make()
    before = v.stage

    with pytest.raises(IllegalTransition) as refused:
        ACTIONS[action](v)

    assert refused.value.current is before
    assert f"'{before}'" in str(refused.value)
    assert v.stage is before


class TestRecordedEvents:
    """The volunteer records what happened; publishing turns that into integration events."""

    def test_each_stage_change_is_recorded_in_order(self) -> None:
        v = f.screened()
        v.events.clear()

        v.start_training(Course.CORE_FACILITATOR, TODAY, NOW)
        v.complete_training(
            Course.CORE_FACILITATOR, sessions_attended=4, completed_on=TODAY, rules=RULES, now=NOW
        )
        v.activate(f.GROUP, NOW)
        v.pause(None, LATER)
        v.resume(LATER)
        v.leave(LeaveReason.MOVED, LATER)

        assert v.events == [
            events.TrainingStarted(Course.CORE_FACILITATOR, NOW),
            events.Trained(Course.CORE_FACILITATOR, TODAY, date(2028, 3, 10)),
            events.Activated(f.GROUP, NOW),
            events.Paused(LATER, None),
            events.Resumed(LATER),
            events.Left(LeaveReason.MOVED, Stage.ACTIVE, LATER),
        ]

    def test_screening_completes_once_and_a_refused_action_records_nothing(self) -> None:
        v = f.applied()
        assert v.events == [events.Applied(NOW)]
        v.start_screening(NOW)
        v.record_dbs(f.dbs(), NOW)
        v.record_reference(Reference(1, TODAY, TODAY, True), NOW)
        v.record_reference(Reference(2, TODAY, TODAY, True), LATER)
        v.record_reference(Reference(2, TODAY, TODAY, True), LATER)
        before = list(v.events)

        with pytest.raises(IllegalTransition):
            v.resume(LATER)

        assert before == [events.Applied(NOW), events.ScreeningStarted(NOW), events.Screened(LATER)]
        assert v.events == before

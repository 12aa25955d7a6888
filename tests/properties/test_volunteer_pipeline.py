"""The volunteer pipeline, driven at random: applied → screening → training → trained →
active or paused, or left from anywhere; a volunteer who left stays gone."""

from __future__ import annotations

import copy
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from volunteers.domain.checks import CheckStatus, DbsCheck, DbsLevel, Reference
from volunteers.domain.model import Volunteer
from volunteers.domain.people import Applicant, Channel, Day, PartOfDay, Slot
from volunteers.domain.stages import LeaveReason, Stage, VolunteerError
from volunteers.domain.training import Course, CourseRule

S = Stage
LEGAL: dict[Stage, set[Stage]] = {
    S.APPLIED: {S.SCREENING, S.LEFT},
    S.SCREENING: {S.TRAINING, S.LEFT},
    S.TRAINING: {S.TRAINED, S.LEFT},
    S.TRAINED: {S.ACTIVE, S.PAUSED, S.LEFT},
    S.ACTIVE: {S.PAUSED, S.LEFT},
    S.PAUSED: {S.TRAINED, S.ACTIVE, S.LEFT},
    S.LEFT: set(),
}
RULES = {Course.CORE_FACILITATOR: CourseRule(3, 24), Course.REFRESHER: CourseRule(1, 12)}
START = datetime(2026, 6, 1, 9, tzinfo=UTC)
GROUP = uuid.UUID("7c9e6679-7425-40de-944b-e07fc1f90ae7")


def applicant() -> Volunteer:
    person = Applicant(
        given_name="Ada",
        family_name="Okafor",
        email="ada@example.org",
        mobile=None,
        preferred_channel=Channel.EMAIL,
        consent_to_contact=True,
        motivation="I lead a walking group",
    )
    slots = (Slot(Day.TUESDAY, PartOfDay.EVENING),)
    return Volunteer.apply(
        area="leeds", applicant=person, lived_experience=True, availability=slots, now=START
    )


class Pipeline(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.now = START
        self.volunteer = applicant()

    def _step(self, action: Any) -> None:
        before = copy.deepcopy(vars(self.volunteer))
        self.now += timedelta(days=1)
        try:
            action(self.now)
        except VolunteerError:
            assert vars(self.volunteer) == before, "a refused step changed the volunteer"
            return
        was, now = before["stage"], self.volunteer.stage
        if was is S.LEFT:
            pytest.fail("a volunteer who left took another step")
        if now != was:
            assert now in LEGAL[was], f"illegal step {was} -> {now}"

    @rule()
    def start_screening(self) -> None:
        self._step(self.volunteer.start_screening)

    @rule(slot=st.sampled_from([1, 2]), satisfactory=st.booleans())
    def record_reference(self, slot: int, satisfactory: bool) -> None:
        today = self.now.date()
        reference = Reference(slot, today - timedelta(days=20), today, satisfactory)
        self._step(lambda now: self.volunteer.record_reference(reference, now))

    @rule(passed=st.booleans())
    def record_dbs(self, passed: bool) -> None:
        today = self.now.date()
        dbs = (
            DbsCheck(
                CheckStatus.COMPLETE, DbsLevel.ENHANCED, "001234567890", today, date(2030, 1, 1)
            )
            if passed
            else DbsCheck()
        )
        self._step(lambda now: self.volunteer.record_dbs(dbs, now))

    @rule(course=st.sampled_from(list(Course)), days_ago=st.integers(0, 30))
    def start_training(self, course: Course, days_ago: int) -> None:
        started = self.now.date() - timedelta(days=days_ago)
        self._step(lambda now: self.volunteer.start_training(course, started, now))

    @rule(course=st.sampled_from(list(Course)), sessions=st.integers(0, 4))
    def complete_training(self, course: Course, sessions: int) -> None:
        self._step(
            lambda now: self.volunteer.complete_training(
                course, sessions_attended=sessions, completed_on=now.date(), rules=RULES, now=now
            )
        )

    @rule()
    def activate(self) -> None:
        self._step(lambda now: self.volunteer.activate(GROUP, now))

    @rule(weeks=st.one_of(st.none(), st.integers(1, 8)))
    def pause(self, weeks: int | None) -> None:
        until = None if weeks is None else self.now.date() + timedelta(weeks=weeks)
        self._step(lambda now: self.volunteer.pause(until, now))

    @rule()
    def resume(self) -> None:
        self._step(self.volunteer.resume)

    @rule(reason=st.sampled_from(list(LeaveReason)), now_or_later=st.integers(0, 5))
    def leave(self, reason: LeaveReason, now_or_later: int) -> None:
        if now_or_later:  # leaving ends the run: make it rare enough to reach the later stages
            return
        self._step(lambda now: self.volunteer.leave(reason, now))

    @rule()
    def the_usual_next_step(self) -> None:
        """What a coordinator would do next: random runs then reach the later stages too."""
        stage = self.volunteer.stage
        if stage is S.APPLIED:
            self.start_screening()
        elif stage is S.SCREENING and self.volunteer.screening_missing():
            self.screen_fully()
        elif stage is S.SCREENING:
            self.start_training(Course.CORE_FACILITATOR, 7)
        elif stage is S.TRAINING:
            self.complete_training(Course.CORE_FACILITATOR, 3)
        elif stage in (S.TRAINED, S.PAUSED):
            self.activate()

    @rule()
    def screen_fully(self) -> None:
        """Both references satisfactory and a DBS check: the common way through screening."""
        self.record_reference(1, True)
        self.record_reference(2, True)
        self.record_dbs(True)

    @invariant()
    def each_stage_has_what_it_needs(self) -> None:
        v = self.volunteer
        assert v.stage in LEGAL
        if v.stage in {S.TRAINING, S.TRAINED, S.ACTIVE, S.PAUSED}:
            assert v.screening_missing() == [], "past screening with screening incomplete"
        if v.stage in {S.TRAINED, S.ACTIVE, S.PAUSED}:
            core = [t for t in v.trainings if t.course is Course.CORE_FACILITATOR]
            assert any(t.completed_on is not None for t in core)
        if v.stage is S.PAUSED:
            assert v.paused_from in {S.TRAINED, S.ACTIVE}
        assert (v.stage is S.LEFT) == (v.left_at is not None)


TestPipeline = Pipeline.TestCase


def test_a_refused_training_start_changes_nothing() -> None:
    volunteer = applicant()
    volunteer.start_screening(START)
    today = START.date()
    for slot in (1, 2):
        volunteer.record_reference(Reference(slot, today, today, True), START)
    volunteer.record_dbs(
        DbsCheck(CheckStatus.COMPLETE, DbsLevel.ENHANCED, "001234567890", today, date(2030, 1, 1)),
        START,
    )
    with pytest.raises(VolunteerError):
        volunteer.start_training(Course.CORE_FACILITATOR, today + timedelta(days=1), START)
    assert volunteer.stage is S.SCREENING

# Over 200 lines: one aggregate. Every change to a volunteer goes through it, keeps its rules
# and records its event; splitting it would spread one state machine over several classes.
"""The volunteer: an applicant taken through screening and training to leading groups."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from volunteers.domain import events
from volunteers.domain.checks import (
    REFERENCE_SLOTS,
    CheckStatus,
    DbsCheck,
    Reference,
    screening_missing,
)
from volunteers.domain.people import Applicant, Slot, Supervisor, check_application
from volunteers.domain.renewals import Check, Expired, ExpiryWatch, Notice
from volunteers.domain.stages import InvalidDetail, LeaveReason, RuleBroken, Stage, check_allowed
from volunteers.domain.training import Course, CourseRules, TrainingRecord, add_months


@dataclass
class Volunteer:
    id: uuid.UUID
    area: str
    applied_at: datetime
    lived_experience: bool
    availability: tuple[Slot, ...]
    applicant: Applicant | None
    stage: Stage = Stage.APPLIED
    stage_entered_at: datetime | None = None
    references: dict[int, Reference] = field(default_factory=dict)
    dbs: DbsCheck | None = None
    trainings: list[TrainingRecord] = field(default_factory=list)
    supervisor: Supervisor | None = None
    screened_at: datetime | None = None
    paused_from: Stage | None = None
    paused_until: date | None = None
    left_reason: LeaveReason | None = None
    left_at: datetime | None = None
    stage_left_from: Stage | None = None
    training_watch: ExpiryWatch = field(default_factory=lambda: ExpiryWatch(Check.TRAINING))
    dbs_watch: ExpiryWatch = field(default_factory=lambda: ExpiryWatch(Check.DBS))
    erased_at: datetime | None = None
    version: int = 1
    # What happened since loading, for publishing; never stored, never compared.
    events: list[events.DomainEvent] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def apply(
        cls,
        *,
        area: str,
        applicant: Applicant,
        lived_experience: bool,
        availability: tuple[Slot, ...],
        now: datetime,
    ) -> Volunteer:
        check_application(applicant, lived_experience, availability)
        volunteer = cls(
            id=uuid.uuid4(),
            area=area,
            applied_at=now,
            lived_experience=lived_experience,
            availability=availability,
            applicant=applicant,
            stage_entered_at=now,
        )
        volunteer.events.append(events.Applied(now))
        return volunteer

    def _move(self, stage: Stage, now: datetime) -> None:
        self.stage, self.stage_entered_at = stage, now

    # Screening

    def start_screening(self, now: datetime) -> None:
        check_allowed("start screening", self.stage)
        self._move(Stage.SCREENING, now)
        self.references = {s: Reference(s, now.date()) for s in REFERENCE_SLOTS}
        self.dbs = DbsCheck()
        self.events.append(events.ScreeningStarted(now))

    def record_reference(self, reference: Reference, now: datetime) -> bool:
        """True when this completes screening."""
        check_allowed("record a reference", self.stage)
        self.references[reference.slot] = reference
        return self._screening_progressed(now)

    def record_dbs(self, dbs: DbsCheck, now: datetime) -> bool:
        """True when this completes screening. Later, a renewal replaces the expiring check."""
        check_allowed("record a DBS check", self.stage)
        if self.stage is not Stage.SCREENING and not dbs.passed:
            raise InvalidDetail("status", "after screening only a completed DBS check is recorded")
        self.dbs = dbs
        self.dbs_watch.expires_on = dbs.renewal_due
        return self._screening_progressed(now)

    def screening_missing(self) -> list[str]:
        return screening_missing(self.references, self.dbs)

    def _screening_progressed(self, now: datetime) -> bool:
        if self.stage is not Stage.SCREENING:
            return False
        complete = not self.screening_missing()
        newly = complete and self.screened_at is None
        # A reference re-recorded as unsatisfactory undoes completion until it is put right.
        self.screened_at = (self.screened_at or now) if complete else None
        if newly:
            self.events.append(events.Screened(now))
        return newly

    # Training

    def start_training(self, course: Course, started_on: date, now: datetime) -> None:
        # Checked first: a refused start must leave the volunteer as they were.
        if started_on > now.date():
            raise InvalidDetail("started_on", "cannot be in the future")
        if course is Course.CORE_FACILITATOR:
            check_allowed("start the core course", self.stage)
            if missing := self.screening_missing():
                raise RuleBroken(
                    "Training cannot start before screening is complete; still needed: "
                    + ", ".join(missing),
                    self.stage,
                )
            self._move(Stage.TRAINING, now)
        else:
            check_allowed("start a refresher", self.stage)
            if self._in_progress(course) is not None:
                raise RuleBroken("A refresher is already in progress", self.stage)
        self.trainings.append(TrainingRecord(course, started_on))
        self.events.append(events.TrainingStarted(course, now))

    def complete_training(
        self,
        course: Course,
        *,
        sessions_attended: int,
        completed_on: date,
        rules: CourseRules,
        now: datetime,
    ) -> TrainingRecord:
        core = course is Course.CORE_FACILITATOR
        check_allowed("complete the core course" if core else "complete a refresher", self.stage)
        record = self._in_progress(course)
        if record is None:
            raise RuleBroken(f"No {course} course is in progress; start it first", self.stage)
        rule = rules[course]
        if sessions_attended < rule.sessions_required:
            raise InvalidDetail(
                "sessions_attended",
                f"the {course} course needs {rule.sessions_required} sessions attended",
            )
        if completed_on < record.started_on or completed_on > now.date():
            raise InvalidDetail("completed_on", "must be between the start and today")
        record.sessions_attended = sessions_attended
        record.completed_on = completed_on
        record.valid_until = add_months(completed_on, rule.validity_months)
        self.training_watch.expires_on = record.valid_until
        if core:
            self._move(Stage.TRAINED, now)
        self.events.append(events.Trained(course, completed_on, record.valid_until))
        return record

    def _in_progress(self, course: Course) -> TrainingRecord | None:
        return next((t for t in self.trainings if t.course is course and t.in_progress), None)

    @property
    def training_valid_until(self) -> date | None:
        return self.training_watch.expires_on

    def eligible(self, today: date) -> bool:
        """May lead a group today: trained or active, training and DBS both in date."""
        valid_until, dbs = self.training_valid_until, self.dbs
        dbs_valid = dbs is not None and dbs.passed and (dbs.renewal_due or today) > today
        return (
            self.stage in (Stage.TRAINED, Stage.ACTIVE)
            and (valid_until or today) > today
            and dbs_valid
        )

    # Support, groups, pauses, leaving

    def set_supervisor(self, supervisor: Supervisor) -> None:
        check_allowed("set a supervisor", self.stage)
        self.supervisor = supervisor
        self.events.append(events.SupervisorSet())

    def activate(self, group_id: uuid.UUID, now: datetime) -> None:
        """Assigned to lead a group; each assignment is recorded, even when already active."""
        check_allowed("activate", self.stage)
        if self.stage is not Stage.ACTIVE:
            self._move(Stage.ACTIVE, now)
        self.events.append(events.Activated(group_id, now))

    def pause(self, until: date | None, now: datetime) -> None:
        check_allowed("pause", self.stage)
        if until is not None and until <= now.date():
            raise InvalidDetail("until", "must be after today")
        self.paused_from, self.paused_until = self.stage, until
        self._move(Stage.PAUSED, now)
        self.events.append(events.Paused(now, until))

    def resume(self, now: datetime) -> None:
        check_allowed("resume", self.stage)
        self._move(self.paused_from or Stage.TRAINED, now)
        self.paused_from = self.paused_until = None
        self.events.append(events.Resumed(now))

    def leave(self, reason: LeaveReason, now: datetime) -> None:
        check_allowed("leave", self.stage)
        self.events.append(events.Left(reason, self.stage, now))
        self.stage_left_from, self.left_reason, self.left_at = self.stage, reason, now
        self._move(Stage.LEFT, now)

    # Expiry and erasure

    def sweep(self, today: date, notice_days: int) -> list[Notice]:
        """The reminders and expiry notices owed today, each recorded so it goes once."""
        notices = [
            n
            for n in (
                self.training_watch.due(today, notice_days),
                self.dbs_watch.due(today, notice_days),
            )
            if n is not None
        ]
        for notice in notices:
            if isinstance(notice, Expired) and notice.check is Check.DBS and self.dbs:
                self.dbs.status = CheckStatus.EXPIRED
        self.events.extend(notices)
        return notices

    def erase(self, now: datetime) -> None:
        """Forget the person; the anonymised record (stage, dates, area) stays for statistics."""
        self.applicant = None
        self.supervisor = None
        if self.dbs is not None:
            self.dbs.certificate_number = None
        self.erased_at = now

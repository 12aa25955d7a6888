"""Expiry of training and DBS checks, worklist flags and month arithmetic: no I/O."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from volunteers.domain.checks import (
    CheckStatus,
    DbsLevel,
    completed_dbs,
    normalise_dbs_certificate,
)
from volunteers.domain.renewals import Check, Expired, RenewalDue
from volunteers.domain.stages import InvalidDetail, Stage
from volunteers.domain.training import Course, add_months
from volunteers.domain.worklist import Flag, StageTarget, flag, overdue_windows

from . import factories as f
from .factories import NOW, RULES, TODAY

VALID_UNTIL = date(2028, 3, 10)  # the factories' core course, completed on TODAY


class TestTheSweep:
    def test_nothing_is_owed_long_before_expiry(self) -> None:
        v = f.trained()

        assert v.sweep(VALID_UNTIL - timedelta(days=31), 30) == []

    def test_reminds_thirty_days_before_and_only_once(self) -> None:
        v = f.trained()
        day = VALID_UNTIL - timedelta(days=30)

        first = v.sweep(day, 30)
        again = v.sweep(day + timedelta(days=1), 30)

        assert first == [RenewalDue(Check.TRAINING, VALID_UNTIL, 30)]
        assert again == []
        assert v.eligible(day)

    def test_expiry_is_announced_once_and_makes_the_facilitator_ineligible(self) -> None:
        v = f.active()
        v.sweep(VALID_UNTIL - timedelta(days=30), 30)

        at_expiry = v.sweep(VALID_UNTIL, 30)
        next_day = v.sweep(VALID_UNTIL + timedelta(days=1), 30)

        assert at_expiry == [Expired(Check.TRAINING, VALID_UNTIL)]
        assert next_day == []
        assert v.training_watch.lapsed
        assert not v.eligible(VALID_UNTIL)
        assert v.stage is Stage.ACTIVE

    def test_a_sweep_that_missed_the_window_says_expired_without_a_late_reminder(self) -> None:
        v = f.trained()

        assert v.sweep(VALID_UNTIL + timedelta(days=3), 30) == [
            Expired(Check.TRAINING, VALID_UNTIL)
        ]

    def test_a_refresher_gets_its_own_reminder_and_expiry(self) -> None:
        v = f.trained(dbs_renewal=date(2031, 1, 1))
        v.sweep(VALID_UNTIL, 30)
        renewed_at = datetime(2028, 3, 20, tzinfo=UTC)
        v.start_training(Course.REFRESHER, renewed_at.date(), renewed_at)
        v.complete_training(
            Course.REFRESHER,
            sessions_attended=1,
            completed_on=renewed_at.date(),
            rules=RULES,
            now=renewed_at,
        )
        new_expiry = date(2030, 3, 20)

        assert v.eligible(renewed_at.date())
        assert v.sweep(new_expiry - timedelta(days=10), 30) == [
            RenewalDue(Check.TRAINING, new_expiry, 10)
        ]

    def test_dbs_expiry_marks_the_check_expired(self) -> None:
        v = f.trained(dbs_renewal=date(2027, 1, 1))
        assert v.sweep(date(2026, 12, 5), 30) == [RenewalDue(Check.DBS, date(2027, 1, 1), 27)]

        assert v.sweep(date(2027, 1, 1), 30) == [Expired(Check.DBS, date(2027, 1, 1))]

        assert v.dbs is not None
        assert v.dbs.status is CheckStatus.EXPIRED
        assert not v.eligible(date(2027, 1, 1))
        assert v.training_valid_until == VALID_UNTIL  # only the DBS lapsed

    def test_a_renewed_dbs_makes_the_facilitator_eligible_again(self) -> None:
        v = f.active(now=NOW)
        v.record_dbs(f.dbs(renewal_due=date(2027, 1, 1)), NOW)
        v.sweep(date(2027, 1, 1), 30)
        renewed_at = NOW.replace(year=2027, month=1, day=5)

        v.record_dbs(
            completed_dbs(
                level=DbsLevel.ENHANCED,
                certificate_number="009876543210",
                issued_on=date(2027, 1, 4),
                renewal_due=date(2030, 1, 4),
                today=renewed_at.date(),
            ),
            renewed_at,
        )

        assert v.dbs is not None
        assert v.dbs.status is CheckStatus.COMPLETE
        assert v.eligible(renewed_at.date())
        later = v.sweep(date(2029, 12, 10), 30)  # the training lapsed long before, too
        assert RenewalDue(Check.DBS, date(2030, 1, 4), 25) in later

    def test_both_checks_can_be_owed_on_one_day(self) -> None:
        v = f.trained(dbs_renewal=VALID_UNTIL)

        notices = v.sweep(VALID_UNTIL - timedelta(days=5), 30)

        assert {(type(n), n.check) for n in notices} == {
            (RenewalDue, Check.TRAINING),
            (RenewalDue, Check.DBS),
        }


class TestDbsDetails:
    @pytest.mark.parametrize("number", ["12345678901", "1234567890123", "12345678901X", ""])
    def test_a_certificate_number_has_twelve_digits(self, number: str) -> None:
        with pytest.raises(ValueError, match="12 digits"):
            normalise_dbs_certificate(number)

    def test_spaces_and_dashes_are_ignored(self) -> None:
        assert normalise_dbs_certificate("0012-3456 7890") == "001234567890"

    @pytest.mark.parametrize(
        ("issued", "renewal", "field"),
        [
            (TODAY + timedelta(days=1), TODAY + timedelta(days=900), "issued_on"),
            (TODAY - timedelta(days=10), TODAY - timedelta(days=20), "renewal_due"),
            (TODAY - timedelta(days=900), TODAY, "renewal_due"),
        ],
    )
    def test_impossible_dates_are_refused(self, issued: date, renewal: date, field: str) -> None:
        with pytest.raises(InvalidDetail) as refused:
            f.dbs(renewal_due=renewal, issued_on=issued)
        assert refused.value.field == field


class TestWorklistFlags:
    TARGETS = {Stage.APPLIED: StageTarget(7, 14)}

    @pytest.mark.parametrize(
        ("days", "expected"), [(0, Flag.OK), (7, Flag.OK), (8, Flag.AMBER), (15, Flag.RED)]
    )
    def test_a_stage_with_targets(self, days: int, expected: Flag) -> None:
        entered = NOW - timedelta(days=days)

        assert flag(Stage.APPLIED, entered, NOW, self.TARGETS) is expected

    def test_a_stage_without_targets_is_never_flagged(self) -> None:
        assert flag(Stage.ACTIVE, NOW - timedelta(days=999), NOW, self.TARGETS) is None

    def test_overdue_windows_split_amber_from_red(self) -> None:
        [amber] = overdue_windows(Flag.AMBER, NOW, self.TARGETS)
        [red] = overdue_windows(Flag.RED, NOW, self.TARGETS)

        assert (amber.entered_after, amber.entered_before) == (
            NOW - timedelta(days=14),
            NOW - timedelta(days=7),
        )
        assert (red.entered_after, red.entered_before) == (None, NOW - timedelta(days=14))


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2026, 3, 10), 24, date(2028, 3, 10)),
        (date(2026, 2, 28), 24, date(2028, 2, 28)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected

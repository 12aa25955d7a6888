"""Who may lead a group, and what a register says about a member."""

from __future__ import annotations

import uuid
from datetime import date

from groups.domain.attendance import Attendance, first_attended, regular_attender
from groups.domain.roster import Facilitator

P, A, X = Attendance.PRESENT, Attendance.APOLOGIES, Attendance.ABSENT
TODAY = date(2026, 3, 10)


def trained(valid_until: date = date(2027, 1, 1)) -> Facilitator:
    f = Facilitator(uuid.uuid4(), "leeds")
    f.trained("leeds", valid_until)
    return f


def test_eligible_until_training_runs_out() -> None:
    f = trained(date(2026, 3, 10))
    assert f.eligible(TODAY)
    assert "expired" in (f.why_not_eligible(date(2026, 3, 11)) or "")


def test_each_lapse_makes_a_facilitator_ineligible_and_renewal_undoes_it() -> None:
    f = trained()
    f.expired("dbs")
    assert f.why_not_eligible(TODAY) == "the volunteer's DBS check has expired"
    f.screened()
    f.expired("training")
    assert not f.eligible(TODAY)
    f.trained("leeds", date(2028, 1, 1))
    assert f.eligible(TODAY)
    f.paused = True
    assert f.why_not_eligible(TODAY) == "the volunteer is paused"
    f.paused, f.left = False, True
    assert f.why_not_eligible(TODAY) == "the volunteer has left"


def test_never_trained_is_never_eligible() -> None:
    assert not Facilitator(uuid.uuid4(), "leeds").eligible(TODAY)


def test_regular_attender_is_present_at_three_of_the_last_four() -> None:
    assert regular_attender([P, P, A, P])
    assert not regular_attender([P, P, X, A])
    assert regular_attender([X, X, P, X, P, P, P])
    assert not regular_attender([P, P, P, P, X, X])
    assert not regular_attender([P, P])


def test_first_attended_only_on_the_first_present() -> None:
    assert first_attended([A, X, P])
    assert not first_attended([P, X, P])
    assert not first_attended([A])
    assert not first_attended([])

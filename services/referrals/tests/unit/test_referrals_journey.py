"""The referral's state machine: every step, every refusal (domain only, no I/O)."""

from __future__ import annotations

import pytest

from referrals.domain.codes import AttemptOutcome, CloseOutcome, RejectionReason, Status
from referrals.domain.errors import CommentRequired, IllegalTransition
from referrals.domain.journey import OPEN, Progress

from .journey_support import GROUP, RECEIVED, at_status, attempt, later, received

ALL = tuple(Status)


class TestTriage:
    def test_accepting_a_received_referral(self) -> None:
        referral = received()
        referral.accept(later(1))
        assert (referral.status, referral.accepted_at, referral.version) == (
            Status.ACCEPTED,
            later(1),
            2,
        )

    def test_rejecting_keeps_the_reason_and_comment(self) -> None:
        referral = received()
        referral.reject(RejectionReason.OUT_OF_AREA, "Lives in York", later(1))
        assert referral.status is Status.REJECTED
        assert referral.rejection_reason is RejectionReason.OUT_OF_AREA
        assert referral.rejection_comment == "Lives in York"

    @pytest.mark.parametrize("comment", [None, "", "   "])
    def test_other_needs_a_comment(self, comment: str | None) -> None:
        referral = received()
        with pytest.raises(CommentRequired):
            referral.reject(RejectionReason.OTHER, comment, later(1))
        assert referral.status is Status.RECEIVED

    @pytest.mark.parametrize("status", [s for s in ALL if s is not Status.RECEIVED])
    def test_only_a_received_referral_is_triaged(self, status: Status) -> None:
        referral = at_status(status)
        with pytest.raises(IllegalTransition) as accepting:
            referral.accept(later(30))
        with pytest.raises(IllegalTransition):
            referral.reject(RejectionReason.DUPLICATE, None, later(30))
        assert accepting.value.current is status
        assert referral.status is status


class TestContactAttempts:
    def test_a_failed_attempt_is_counted_and_numbered(self) -> None:
        referral = at_status(Status.ACCEPTED)
        result = attempt(referral, AttemptOutcome.NO_ANSWER)
        assert (result.attempt.number, result.first_contact, result.closed_unreachable) == (
            1,
            False,
            False,
        )
        assert (referral.status, referral.failed_attempts) == (Status.ACCEPTED, 1)

    def test_reaching_the_person_moves_an_accepted_referral_to_contacted(self) -> None:
        referral = at_status(Status.ACCEPTED)
        attempt(referral, AttemptOutcome.LEFT_MESSAGE)
        result = attempt(referral, AttemptOutcome.REACHED, at=later(5))
        assert result.first_contact is True
        assert result.attempt.number == 2
        assert (referral.status, referral.contacted_at) == (Status.CONTACTED, later(5))

    def test_only_the_first_success_is_first_contact(self) -> None:
        referral = at_status(Status.CONTACTED)
        first = referral.contacted_at
        result = attempt(referral, AttemptOutcome.REACHED, at=later(50))
        assert result.first_contact is False
        assert referral.contacted_at == first

    def test_reached_after_groups_placed_the_person_keeps_the_placement(self) -> None:
        referral = at_status(Status.ACCEPTED)
        referral.advance(Status.PLACED, GROUP, later(3))
        result = attempt(referral, AttemptOutcome.REACHED, at=later(4))
        assert result.first_contact is True
        assert referral.status is Status.PLACED

    def test_the_third_failure_before_contact_closes_it_as_unreachable(self) -> None:
        referral = at_status(Status.ACCEPTED)
        outcomes = ("no_answer", "wrong_number", "left_message")
        results = [attempt(referral, AttemptOutcome(o)) for o in outcomes]
        assert [r.closed_unreachable for r in results] == [False, False, True]
        assert referral.status is Status.CLOSED
        assert referral.close_outcome is CloseOutcome.UNREACHABLE

    def test_the_limit_is_configurable(self) -> None:
        referral = at_status(Status.ACCEPTED)
        assert attempt(referral, AttemptOutcome.NO_ANSWER, unreachable_after=1).closed_unreachable

    def test_failures_after_contact_never_close_it(self) -> None:
        referral = at_status(Status.CONTACTED)
        for _ in range(4):
            attempt(referral, AttemptOutcome.NO_ANSWER)
        assert referral.status is Status.CONTACTED

    def test_failures_may_be_recorded_before_triage(self) -> None:
        referral = received()
        attempt(referral, AttemptOutcome.NO_ANSWER)
        assert (referral.status, referral.failed_attempts) == (Status.RECEIVED, 1)

    def test_reaching_someone_not_yet_accepted_is_refused(self) -> None:
        referral = received()
        with pytest.raises(IllegalTransition, match="accept the referral"):
            attempt(referral, AttemptOutcome.REACHED)
        assert referral.attempts_made == 0

    @pytest.mark.parametrize("status", [Status.REJECTED, Status.CLOSED])
    def test_no_attempts_on_an_ended_referral(self, status: Status) -> None:
        with pytest.raises(IllegalTransition) as refused:
            attempt(at_status(status), AttemptOutcome.NO_ANSWER)
        assert refused.value.current is status


class TestClosing:
    @pytest.mark.parametrize("status", OPEN)
    def test_any_open_referral_closes(self, status: Status) -> None:
        referral = at_status(status)
        referral.close(CloseOutcome.DECLINED_BY_PERSON, None, later(60))
        assert (referral.status, referral.close_outcome) == (
            Status.CLOSED,
            CloseOutcome.DECLINED_BY_PERSON,
        )

    def test_other_needs_a_comment(self) -> None:
        with pytest.raises(CommentRequired):
            received().close(CloseOutcome.OTHER, None, later(1))

    @pytest.mark.parametrize("status", [Status.REJECTED, Status.CLOSED])
    def test_an_ended_referral_does_not_close_again(self, status: Status) -> None:
        with pytest.raises(IllegalTransition):
            at_status(status).close(CloseOutcome.COMPLETED, None, later(60))


class TestGroupsProgress:
    def test_placed_joined_attended_in_turn(self) -> None:
        referral = at_status(Status.CONTACTED)
        for n, stage in enumerate((Status.PLACED, Status.JOINED, Status.ATTENDED)):
            assert referral.advance(stage, GROUP, later(100 + n)) is Progress.ADVANCED
        assert (referral.placed_at, referral.joined_at, referral.attended_at) == (
            later(100),
            later(101),
            later(102),
        )
        assert referral.group_id == GROUP

    def test_a_join_without_an_offer_seen_still_counts(self) -> None:
        referral = at_status(Status.ACCEPTED)
        assert referral.advance(Status.JOINED, GROUP, later(9)) is Progress.ADVANCED
        assert referral.placed_at is None

    def test_a_late_or_repeated_event_never_moves_it_back(self) -> None:
        referral = at_status(Status.JOINED)
        version = referral.version
        assert referral.advance(Status.PLACED, GROUP, later(99)) is Progress.ALREADY_THERE
        assert referral.advance(Status.JOINED, GROUP, later(99)) is Progress.ALREADY_THERE
        assert (referral.status, referral.version) == (Status.JOINED, version)

    @pytest.mark.parametrize("status", [Status.RECEIVED, Status.REJECTED, Status.CLOSED])
    def test_nothing_to_advance_unless_accepted(self, status: Status) -> None:
        referral = at_status(status)
        assert referral.advance(Status.PLACED, GROUP, later(9)) is Progress.NOT_ACCEPTED
        assert referral.status is status

    def test_groups_cannot_accept_or_contact(self) -> None:
        with pytest.raises(ValueError, match="place, join or attend"):
            received().advance(Status.ACCEPTED, GROUP, later(1))


def test_erasure_forgets_the_person_and_keeps_the_statistics() -> None:
    referral = at_status(Status.ACCEPTED)
    referral.close(CloseOutcome.OTHER, "Moved in with her daughter", later(5))
    person_id = referral.person_id
    referral.erase_person(later(6))
    assert referral.person is None
    assert (referral.notes, referral.close_comment) == (None, None)
    assert (referral.person_id, referral.postcode_district, referral.age_band) == (
        person_id,
        "LS6",
        "60-69",
    )
    assert (referral.received_at, referral.status) == (RECEIVED, Status.CLOSED)

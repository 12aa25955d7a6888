"""Triage and contact attempts through the service layer, on fakes: state, events, commits."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from referrals.domain.codes import (
    AttemptChannel,
    AttemptOutcome,
    CloseOutcome,
    FormatPreference,
    RejectionReason,
    Status,
)
from referrals.domain.commands import (
    AcceptReferral,
    CloseReferral,
    RecordContactAttempt,
    RejectReferral,
)
from referrals.domain.errors import IllegalTransition
from referrals.events import (
    ContactAttempted,
    ReferralAccepted,
    ReferralClosed,
    ReferralContacted,
    ReferralReceived,
    ReferralRejected,
)
from referrals.service_layer import handlers, triage
from referrals.service_layer.policy import NotFound, OutOfScope, Policy
from t2t_shared.topics import Topics

RECEIVED = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)  # a Tuesday
EVENTS = "t2t.referrals.events"


class Clock:
    def __init__(self) -> None:
        self.now = RECEIVED

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def policy(clock: Clock) -> Policy:
    return Policy(contact_target_working_days=2, unreachable_after_failed_attempts=3, clock=clock)


@pytest.fixture
async def referral_id(uow: Any, topics: Topics, make_command: Callable[..., Any]) -> uuid.UUID:
    cmd = make_command(format_preference=FormatPreference.ONLINE)
    result = await handlers.receive_referral(cmd, uow, topics, clock=lambda: RECEIVED)
    uow.outbox.events.clear()
    return result.referral.id


def published(uow: Any) -> list[Any]:
    return [e for topic, e in uow.outbox.events if topic == EVENTS]


def attempt(rid: uuid.UUID, outcome: AttemptOutcome) -> RecordContactAttempt:
    return RecordContactAttempt(rid, ("leeds",), AttemptChannel.PHONE, outcome, "Rang at 10")


async def test_received_carries_the_format_preference(
    uow: Any, topics: Topics, make_command: Callable[..., Any]
) -> None:
    cmd = make_command(format_preference=FormatPreference.IN_PERSON)
    await handlers.receive_referral(cmd, uow, topics, clock=lambda: RECEIVED)
    [event] = [e for e in published(uow) if isinstance(e, ReferralReceived)]
    assert event.format_preference == "in_person"


async def test_accept_stores_and_publishes(
    uow: Any, topics: Topics, policy: Policy, clock: Clock, referral_id: uuid.UUID
) -> None:
    clock.now = RECEIVED + timedelta(hours=2)
    await triage.accept(AcceptReferral(referral_id, ("leeds",)), uow, topics, policy)

    assert uow.referrals.by_id[referral_id].status is Status.ACCEPTED
    [event] = published(uow)
    assert isinstance(event, ReferralAccepted)
    assert (event.accepted_at, event.received_at, event.format_preference) == (
        clock.now,
        RECEIVED,
        "online",
    )
    assert (event.area, event.postcode_district, event.source) == ("leeds", "LS6", "gp")


async def test_reject_publishes_the_reason_not_the_comment(
    uow: Any, topics: Topics, policy: Policy, referral_id: uuid.UUID
) -> None:
    cmd = RejectReferral(referral_id, None, RejectionReason.OTHER, "Philippa moved to Spain")
    await triage.reject(cmd, uow, topics, policy)

    [event] = published(uow)
    assert isinstance(event, ReferralRejected)
    assert event.reason == "other"
    assert "Spain" not in event.model_dump_json()
    assert uow.referrals.by_id[referral_id].rejection_comment == "Philippa moved to Spain"


async def test_first_contact_reports_the_time_it_took(
    uow: Any, topics: Topics, policy: Policy, clock: Clock, referral_id: uuid.UUID
) -> None:
    await triage.accept(AcceptReferral(referral_id, None), uow, topics, policy)
    clock.now = RECEIVED + timedelta(days=1)
    await triage.record_attempt(attempt(referral_id, AttemptOutcome.NO_ANSWER), uow, topics, policy)
    clock.now = RECEIVED + timedelta(days=3, hours=1)  # Friday
    referral, result = await triage.record_attempt(
        attempt(referral_id, AttemptOutcome.REACHED), uow, topics, policy
    )

    assert result.first_contact
    assert referral.status is Status.CONTACTED
    kinds = [type(e).__name__ for e in published(uow)]
    assert kinds == [
        "ReferralAccepted",
        "ContactAttempted",
        "ContactAttempted",
        "ReferralContacted",
    ]
    contacted = published(uow)[-1]
    assert isinstance(contacted, ReferralContacted)
    assert contacted.seconds_to_first_contact == (3 * 24 + 1) * 3600
    assert (contacted.working_days_to_first_contact, contacted.within_target) == (3, False)
    assert [a.number for a in uow.referrals.attempts_of[referral_id]] == [1, 2]


async def test_contact_within_target(
    uow: Any, topics: Topics, policy: Policy, clock: Clock, referral_id: uuid.UUID
) -> None:
    await triage.accept(AcceptReferral(referral_id, None), uow, topics, policy)
    clock.now = RECEIVED + timedelta(days=2)  # Thursday
    await triage.record_attempt(attempt(referral_id, AttemptOutcome.REACHED), uow, topics, policy)
    contacted = published(uow)[-1]
    assert isinstance(contacted, ReferralContacted)
    assert (contacted.working_days_to_first_contact, contacted.within_target) == (2, True)


async def test_the_last_allowed_failure_closes_it_unreachable(
    uow: Any, topics: Topics, policy: Policy, referral_id: uuid.UUID
) -> None:
    await triage.accept(AcceptReferral(referral_id, None), uow, topics, policy)
    for _ in range(3):
        _, result = await triage.record_attempt(
            attempt(referral_id, AttemptOutcome.WRONG_NUMBER), uow, topics, policy
        )

    assert result.closed_unreachable
    closed = published(uow)[-1]
    assert isinstance(closed, ReferralClosed)
    assert closed.outcome == "unreachable"
    attempted = [e for e in published(uow) if isinstance(e, ContactAttempted)]
    assert [(a.attempt_number, a.recorded_by) for a in attempted] == [
        (1, "coordinator"),
        (2, "coordinator"),
        (3, "coordinator"),
    ]


async def test_close_with_an_outcome(
    uow: Any, topics: Topics, policy: Policy, referral_id: uuid.UUID
) -> None:
    cmd = CloseReferral(referral_id, None, CloseOutcome.NO_LONGER_ELIGIBLE, None)
    await triage.close(cmd, uow, topics, policy)
    [event] = published(uow)
    assert isinstance(event, ReferralClosed)
    assert event.outcome == "no_longer_eligible"


async def test_an_illegal_step_changes_nothing_and_publishes_nothing(
    uow: Any, topics: Topics, policy: Policy, referral_id: uuid.UUID
) -> None:
    await triage.reject(
        RejectReferral(referral_id, None, RejectionReason.DUPLICATE), uow, topics, policy
    )
    commits = uow.commits
    with pytest.raises(IllegalTransition) as refused:
        await triage.accept(AcceptReferral(referral_id, None), uow, topics, policy)
    assert refused.value.current is Status.REJECTED
    assert uow.commits == commits
    assert len(published(uow)) == 1
    assert uow.referrals.by_id[referral_id].status is Status.REJECTED


async def test_unknown_and_out_of_scope_referrals(
    uow: Any, topics: Topics, policy: Policy, referral_id: uuid.UUID
) -> None:
    with pytest.raises(NotFound):
        await triage.accept(AcceptReferral(uuid.uuid4(), None), uow, topics, policy)
    with pytest.raises(OutOfScope):
        await triage.accept(AcceptReferral(referral_id, ("york",)), uow, topics, policy)
    assert uow.referrals.by_id[referral_id].status is Status.RECEIVED


async def test_an_open_referral_of_the_same_person_is_a_duplicate(
    uow: Any, topics: Topics, policy: Policy, make_command: Callable[..., Any], make_person: Any
) -> None:
    first = await handlers.receive_referral(make_command(), uow, topics)
    renamed = make_person(given_name="Pippa", email="pippa@example.org")  # same NHS number
    with pytest.raises(handlers.DuplicateReferral) as dup:
        await handlers.receive_referral(make_command(person=renamed), uow, topics)
    assert dup.value.existing_id == first.referral.id
    assert uow.referrals.locked, "the identity locks were taken before looking"

    no_nhs = make_person(nhs_number=None)  # same name, date of birth and postcode
    with pytest.raises(handlers.DuplicateReferral):
        await handlers.receive_referral(make_command(person=no_nhs), uow, topics)
    other_area = await handlers.receive_referral(make_command(area="bradford"), uow, topics)
    assert other_area.created


async def test_a_closed_referral_is_no_duplicate(
    uow: Any, topics: Topics, policy: Policy, make_command: Callable[..., Any]
) -> None:
    first = await handlers.receive_referral(make_command(), uow, topics)
    cmd = CloseReferral(first.referral.id, None, CloseOutcome.COMPLETED)
    await triage.close(cmd, uow, topics, policy)
    again = await handlers.receive_referral(make_command(), uow, topics)
    assert again.referral.id != first.referral.id

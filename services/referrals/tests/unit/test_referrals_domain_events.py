"""The entities record what happened as their methods change state, and only then."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from referrals.domain import events as happened
from referrals.domain.codes import (
    AttemptChannel,
    AttemptOutcome,
    CloseOutcome,
    RecordedBy,
    RejectionReason,
    Status,
)
from referrals.domain.errors import IllegalTransition
from referrals.domain.journey import Progress
from referrals.domain.outreach import Outreach, OutreachKind
from referrals.domain.practice import Referrer
from referrals.domain.register import PracticeRecord, PracticeStatus
from referrals.service_layer import publishing
from t2t_shared.topics import Topics

from .fakes import FakeUnitOfWork
from .journey_support import GROUP, RECEIVED, at_status, attempt, later, received

RECORD = PracticeRecord("B82005", "HYDE PARK SURGERY", "LS6 2AB", PracticeStatus.ACTIVE, None, None)


def test_a_received_referral_records_that_it_arrived() -> None:
    referral = received()
    assert referral.events == [happened.Received(referral.id)]


def test_each_triage_step_records_itself() -> None:
    accepted, rejected = at_status(Status.RECEIVED), at_status(Status.RECEIVED)
    accepted.events.clear()
    rejected.events.clear()

    accepted.accept(later(1))
    rejected.reject(RejectionReason.OUT_OF_AREA, None, later(2))

    assert accepted.events == [happened.Accepted(accepted.id, later(1))]
    assert rejected.events == [
        happened.Rejected(rejected.id, RejectionReason.OUT_OF_AREA, later(2))
    ]


def test_first_contact_records_the_attempt_then_the_time_it_took_against_the_target() -> None:
    referral = at_status(Status.ACCEPTED)
    referral.events.clear()
    friday = RECEIVED + timedelta(days=3)  # received Tuesday: Friday is 3 working days on

    referral.record_attempt(
        channel=AttemptChannel.PHONE,
        outcome=AttemptOutcome.REACHED,
        recorded_by=RecordedBy.COORDINATOR,
        at=friday,
        contact_target=2,
    )

    assert referral.events == [
        happened.AttemptRecorded(
            referral.id,
            1,
            AttemptChannel.PHONE,
            AttemptOutcome.REACHED,
            RecordedBy.COORDINATOR,
            friday,
        ),
        happened.FirstContacted(
            referral.id, friday, int(timedelta(days=3).total_seconds()), 3, within_target=False
        ),
    ]


def test_the_last_allowed_failure_records_the_attempt_then_the_closing() -> None:
    referral = at_status(Status.ACCEPTED)
    attempt(referral, AttemptOutcome.NO_ANSWER, unreachable_after=2)
    referral.events.clear()

    attempt(referral, AttemptOutcome.NO_ANSWER, at=later(5), unreachable_after=2)

    assert [type(e) for e in referral.events] == [happened.AttemptRecorded, happened.Closed]
    assert referral.events[1] == happened.Closed(referral.id, CloseOutcome.UNREACHABLE, later(5))


def test_groups_events_record_a_stage_only_when_the_referral_moves_on() -> None:
    referral = at_status(Status.CONTACTED)
    referral.events.clear()

    assert referral.advance(Status.JOINED, GROUP, later(30)) is Progress.ADVANCED
    assert referral.advance(Status.PLACED, GROUP, later(31)) is Progress.ALREADY_THERE

    assert referral.events == [happened.StageReached(referral.id, Status.JOINED, GROUP, later(30))]


def test_erasure_closes_with_the_erased_flag() -> None:
    referral = at_status(Status.PLACED)
    referral.events.clear()

    assert referral.close_for_erasure(later(40))

    assert referral.events == [
        happened.Closed(referral.id, CloseOutcome.OTHER, later(40), erased=True)
    ]


def test_a_refused_step_records_nothing() -> None:
    referral = at_status(Status.REJECTED)
    referral.events.clear()

    with pytest.raises(IllegalTransition):
        referral.accept(later(3))
    assert referral.close_for_erasure(later(3)) is False
    assert referral.events == []


NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


def test_a_new_practice_is_registered_and_gets_a_contact_record() -> None:
    practice = Referrer.from_register(RECORD, "leeds", None, NOW)

    assert practice.registered_at == NOW
    assert practice.events == [
        happened.PracticeRegistered("B82005"),
        happened.ReceiptContactChanged("B82005"),
    ]


def test_a_practice_as_the_register_has_it_already_records_nothing() -> None:
    known = Referrer.from_register(RECORD, "leeds", None, NOW)

    again = Referrer.from_register(RECORD, "leeds", known, NOW + timedelta(days=1))

    assert (again.id, again.registered_at, again.events) == (known.id, NOW, [])


def test_a_status_change_registers_again_but_a_rename_also_renews_the_contact_record() -> None:
    known = Referrer.from_register(RECORD, "leeds", None, NOW)
    dormant = PracticeRecord("B82005", RECORD.name, "LS6 2AB", PracticeStatus.DORMANT, None, None)
    renamed = PracticeRecord("B82005", "HYDE PARK", "LS6 2AB", PracticeStatus.ACTIVE, None, None)

    assert Referrer.from_register(dormant, "leeds", known, NOW).events == [
        happened.PracticeRegistered("B82005")
    ]
    assert Referrer.from_register(renamed, "leeds", known, NOW).events == [
        happened.PracticeRegistered("B82005"),
        happened.ReceiptContactChanged("B82005"),
    ]


def test_only_a_changed_receipt_email_is_recorded() -> None:
    practice = Referrer(uuid.uuid4(), "B82005", "HYDE PARK SURGERY", "leeds", email="a@nhs.net")

    assert practice.set_receipt_email("a@nhs.net") is False
    assert practice.set_receipt_email(None) is True
    assert practice.events == [happened.ReceiptContactChanged("B82005")]


def test_an_outreach_entry_records_the_engagement() -> None:
    entry = Outreach.log("B82005", "leeds", OutreachKind.CALL, NOW, None, "coordinator-1", NOW)

    assert entry.events == [happened.PracticeEngaged(entry.id)]


async def test_publishing_takes_the_events_once() -> None:
    uow, referral = FakeUnitOfWork(), at_status(Status.ACCEPTED)
    async with uow:
        await publishing.publish(referral, uow, Topics("t."), publish_v1=False)
        await publishing.publish(referral, uow, Topics("t."), publish_v1=False)
        await uow.commit()

    assert referral.events == []
    assert [type(e).__name__ for _, e in uow.outbox.events] == [
        "PersonContact",
        "ReferralReceivedV2",
        "ReferralAccepted",
    ]

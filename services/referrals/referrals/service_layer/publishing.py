"""The public events of each step, built from the referral as it now stands."""

from __future__ import annotations

from datetime import datetime

from referrals.domain import snomed
from referrals.domain.codes import Status
from referrals.domain.journey import AttemptResult
from referrals.domain.model import Referral
from referrals.domain.working_days import working_days_between
from referrals.events import (
    ContactAttempted,
    ReferralAccepted,
    ReferralAttended,
    ReferralClosed,
    ReferralContacted,
    ReferralEvent,
    ReferralJoined,
    ReferralPlaced,
    ReferralRejected,
)
from referrals.service_layer.unit_of_work import UnitOfWork
from t2t_shared.topics import Topics


def _ids(referral: Referral) -> dict[str, object]:
    assert referral.person_id is not None
    return {"referral_id": referral.id, "area": referral.area, "person_id": referral.person_id}


def accepted(referral: Referral) -> ReferralAccepted:
    assert referral.accepted_at is not None
    return ReferralAccepted(
        **_ids(referral),
        source=referral.source.value,
        postcode_district=referral.postcode_district,
        format_preference=referral.format_preference.value if referral.format_preference else None,
        received_at=referral.received_at,
        accepted_at=referral.accepted_at,
        outcome_snomed_code=snomed.referred(),
    )


def rejected(referral: Referral) -> ReferralRejected:
    assert referral.rejection_reason is not None
    assert referral.rejected_at is not None
    return ReferralRejected(
        **_ids(referral),
        source=referral.source.value,
        reason=referral.rejection_reason.value,
        rejected_at=referral.rejected_at,
        outcome_snomed_code=snomed.of_outcome(referral.rejection_reason.value),
    )


def attempt_events(
    referral: Referral, result: AttemptResult, target_working_days: int
) -> list[ReferralEvent]:
    """ContactAttempted, then ReferralContacted on first contact or ReferralClosed if given up."""
    a = result.attempt
    events: list[ReferralEvent] = [
        ContactAttempted(
            **_ids(referral),
            attempt_number=a.number,
            channel=a.channel.value,
            outcome=a.outcome.value,
            recorded_by=a.recorded_by.value,
            attempted_at=a.attempted_at,
        )
    ]
    if result.first_contact:
        events.append(contacted(referral, target_working_days))
    if result.closed_unreachable:
        events.append(closed(referral))
    return events


def contacted(referral: Referral, target_working_days: int) -> ReferralContacted:
    assert referral.contacted_at is not None
    days = working_days_between(referral.received_at, referral.contacted_at)
    return ReferralContacted(
        **_ids(referral),
        source=referral.source.value,
        received_at=referral.received_at,
        contacted_at=referral.contacted_at,
        seconds_to_first_contact=int(
            (referral.contacted_at - referral.received_at).total_seconds()
        ),
        working_days_to_first_contact=days,
        within_target=days <= target_working_days,
    )


def closed(referral: Referral, *, erased: bool = False) -> ReferralClosed:
    assert referral.close_outcome is not None
    assert referral.closed_at is not None
    return ReferralClosed(
        **_ids(referral),
        outcome=referral.close_outcome.value,
        closed_at=referral.closed_at,
        erased=erased,
        outcome_snomed_code=snomed.of_outcome(referral.close_outcome.value),
    )


STAGE_EVENTS = {
    Status.PLACED: ReferralPlaced,
    Status.JOINED: ReferralJoined,
    Status.ATTENDED: ReferralAttended,
}


def stage_reached(referral: Referral, at: datetime) -> ReferralEvent:
    assert referral.group_id is not None
    return STAGE_EVENTS[referral.status](
        **_ids(referral),
        group_id=referral.group_id,
        at=at,
    )


async def publish(uow: UnitOfWork, topics: Topics, *events: ReferralEvent) -> None:
    for event in events:
        await uow.outbox.add_event(event, topic=topics.events("referrals"))

"""The referrals routes, driven with records the contract vouches for, through `Routes.deliver`."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from referrals.domain.codes import Status
from referrals.domain.commands import AcceptReferral
from referrals.entrypoints.consumers import build_routes
from referrals.events import ContactAttempted, ReferralPlaced
from referrals.service_layer import handlers, triage
from t2t_shared.messaging.routes import Routes
from tests.fixtures.contract_records import contract_record

RECEIVED = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
OFFERED = datetime(2026, 3, 12, 14, 0, tzinfo=UTC)


@pytest.fixture
def routes(container: Any) -> Routes:
    return build_routes(container)


@pytest.fixture
async def accepted(container: Any, make_command: Callable[..., Any]) -> uuid.UUID:
    uow, topics = container.uow(), container.topics
    result = await handlers.receive_referral(make_command(), uow, topics, clock=lambda: RECEIVED)
    await triage.accept(AcceptReferral(result.referral.id, None), uow, topics, container.policy)
    uow.outbox.events.clear()
    return result.referral.id


async def test_a_place_offered_places_the_referral_at_the_offers_own_time(
    routes: Routes, container: Any, accepted: uuid.UUID
) -> None:
    record = contract_record(
        "t2t.groups.PlaceOffered.v1",
        container.topics,
        {"referral_id": str(accepted), "area": "leeds", "offered_at": OFFERED.isoformat()},
    )
    assert await routes.deliver(record) is True

    uow = container.uow()
    assert uow.referrals.by_id[accepted].status is Status.PLACED
    [(_, placed)] = uow.outbox.events
    assert isinstance(placed, ReferralPlaced)
    assert placed.at == OFFERED


async def test_a_failed_message_to_the_person_counts_as_a_contact_attempt(
    routes: Routes, container: Any, accepted: uuid.UUID
) -> None:
    record = contract_record(
        "t2t.notifications.NotificationFailed.v1",
        container.topics,
        {"subject_id": str(accepted), "recipient_kind": "person", "reason": "no_address",
         "scope": "recipient"},
    )  # fmt: skip
    await routes.deliver(record)

    [(_, attempted)] = container.uow().outbox.events
    assert isinstance(attempted, ContactAttempted)
    assert attempted.referral_id == accepted


async def test_an_absence_moves_nothing(
    routes: Routes, container: Any, accepted: uuid.UUID
) -> None:
    record = contract_record(
        "t2t.groups.AttendanceRecorded.v1",
        container.topics,
        {"referral_id": str(accepted), "area": "leeds", "attendance": "absent"},
    )
    assert await routes.deliver(record) is True
    assert container.uow().outbox.events == []
    assert container.uow().referrals.by_id[accepted].status is Status.ACCEPTED

"""Groups' and notifications' events moving referrals on, and erasure, on fakes."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from referrals.domain.codes import CloseOutcome, Status
from referrals.domain.commands import AcceptReferral
from referrals.domain.erasure import Requester
from referrals.domain.journey import Progress
from referrals.events import ContactAttempted, ReferralClosed, ReferralJoined, ReferralPlaced
from referrals.service_layer import erasure, handlers, progress, triage
from referrals.service_layer.policy import NotFound, Policy
from t2t_shared.envelope import EventRecord
from t2t_shared.kernel.event_meta import EventMeta
from t2t_shared.topics import Topics

RECEIVED = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
GROUP = uuid.uuid4()
POLICY = Policy(clock=lambda: RECEIVED + timedelta(hours=1))


def meta(kind: str = "PlaceOffered", source: str = "/t2t/dev/groups") -> EventMeta:
    return EventMeta(str(uuid.uuid4()), source, kind, RECEIVED + timedelta(days=1))


@pytest.fixture
async def accepted(uow: Any, topics: Topics, make_command: Callable[..., Any]) -> uuid.UUID:
    result = await handlers.receive_referral(make_command(), uow, topics, clock=lambda: RECEIVED)
    await triage.accept(AcceptReferral(result.referral.id, None), uow, topics, POLICY)
    uow.outbox.events.clear()
    return result.referral.id


def published(uow: Any) -> list[Any]:
    return [e for _, e in uow.outbox.events]


async def advance(uow: Any, topics: Topics, rid: uuid.UUID, to: Status, m: Any) -> Any:
    return await progress.advance(rid, to, GROUP, m.time, m, uow, topics)


async def test_place_offered_places_and_publishes(
    uow: Any, topics: Topics, accepted: uuid.UUID
) -> None:
    m = meta()
    assert await advance(uow, topics, accepted, Status.PLACED, m) is Progress.ADVANCED
    [event] = published(uow)
    assert isinstance(event, ReferralPlaced)
    assert (event.group_id, event.at, event.area) == (GROUP, m.time, "leeds")
    assert uow.referrals.by_id[accepted].status is Status.PLACED


async def test_a_redelivered_event_is_handled_once(
    uow: Any, topics: Topics, accepted: uuid.UUID
) -> None:
    m = meta()
    await advance(uow, topics, accepted, Status.PLACED, m)
    assert await advance(uow, topics, accepted, Status.PLACED, m) is None
    assert len(published(uow)) == 1


async def test_an_older_event_arriving_late_is_skipped(
    uow: Any, topics: Topics, accepted: uuid.UUID
) -> None:
    await advance(uow, topics, accepted, Status.JOINED, meta("MemberJoined"))
    late = await advance(uow, topics, accepted, Status.PLACED, meta())
    assert late is Progress.ALREADY_THERE
    assert [type(e) for e in published(uow)] == [ReferralJoined]
    assert uow.referrals.by_id[accepted].status is Status.JOINED


async def test_an_unknown_referral_is_skipped_but_remembered(uow: Any, topics: Topics) -> None:
    m = meta()
    assert await advance(uow, topics, uuid.uuid4(), Status.PLACED, m) is None
    assert ("/t2t/dev/groups", m.id) in uow.inbox.claimed
    assert published(uow) == []


async def failure(
    uow: Any,
    topics: Topics,
    rid: uuid.UUID,
    reason: str = "undeliverable",
    scope: str | None = "recipient",
) -> bool:
    m = meta("NotificationFailed", "/t2t/dev/notifications")
    return await progress.record_notification_failure(
        rid, "sms", reason, m, uow, topics, POLICY, scope=scope
    )


async def test_a_failed_notification_is_a_failed_attempt(
    uow: Any, topics: Topics, accepted: uuid.UUID
) -> None:
    assert await failure(uow, topics, accepted, "rejected_by_provider")
    [event] = published(uow)
    assert isinstance(event, ContactAttempted)
    assert (event.recorded_by, event.channel, event.outcome) == (
        "notification_failure",
        "sms",
        "wrong_number",
    )


async def test_notification_failures_count_towards_unreachable(
    uow: Any, topics: Topics, accepted: uuid.UUID
) -> None:
    for _ in range(3):
        await failure(uow, topics, accepted)
    assert isinstance(published(uow)[-1], ReferralClosed)
    assert not await failure(uow, topics, accepted), "nothing more once closed"
    assert uow.referrals.by_id[accepted].attempts_made == 3


async def test_platform_failures_never_count_towards_unreachable(
    uow: Any, topics: Topics, accepted: uuid.UUID
) -> None:
    for reason in ("retries_exhausted", "interrupted", "rejected_by_provider", "no_address"):
        assert not await failure(uow, topics, accepted, reason, scope="platform")
    assert published(uow) == []
    assert uow.referrals.by_id[accepted].attempts_made == 0


async def test_without_a_scope_only_the_recipients_own_failures_count(
    uow: Any, topics: Topics, accepted: uuid.UUID
) -> None:
    assert not await failure(uow, topics, accepted, "retries_exhausted", scope=None)
    assert not await failure(uow, topics, accepted, "interrupted", scope=None)
    assert await failure(uow, topics, accepted, "no_address", scope=None)
    assert uow.referrals.by_id[accepted].attempts_made == 1


async def test_a_failure_about_something_else_is_ignored(uow: Any, topics: Topics) -> None:
    assert not await failure(uow, topics, uuid.uuid4())
    assert published(uow) == []


ADMIN = Requester(subject="dpo", role="admin")


async def test_erasure_closes_the_open_referral_and_publishes_a_tombstone(
    uow: Any, topics: Topics, accepted: uuid.UUID
) -> None:
    person_id = uow.referrals.by_id[accepted].person_id
    report = await erasure.erase_person(person_id, ADMIN, uow, topics, POLICY)

    assert (report.referrals_erased, report.referrals_closed) == ([accepted], [accepted])
    assert report.persons_tombstoned == [person_id]
    stored = uow.referrals.by_id[accepted]
    assert stored.person is None
    assert stored.notes is None
    assert stored.erased_at is not None
    assert (stored.status, stored.close_outcome) == (Status.CLOSED, CloseOutcome.OTHER)
    assert stored.postcode_district == "LS6"
    assert uow.erasure.forgotten == [person_id]
    assert uow.outbox.blanked == [str(person_id)]
    [(_, closed), (topic, tombstone)] = uow.outbox.events
    assert isinstance(closed, ReferralClosed)
    assert (closed.outcome, closed.erased) == ("other", True)
    assert isinstance(tombstone, EventRecord)
    assert (topic, tombstone.key, tombstone.value) == (
        "t2t.referrals.contacts",
        str(person_id),
        None,
    )
    [audit] = uow.erasure.audits
    assert (audit.requested_by, audit.referrals_erased, audit.referrals_closed) == ("dpo", 1, 1)

    again = await erasure.erase_person(person_id, ADMIN, uow, topics, POLICY)
    assert (again.referrals_erased, again.persons_tombstoned) == ([], []), "already erased"
    assert len(uow.outbox.events) == 2
    assert len(uow.erasure.audits) == 2, "every request is audited"


async def test_erasing_an_unknown_person(uow: Any, topics: Topics) -> None:
    with pytest.raises(NotFound):
        await erasure.erase_person(uuid.uuid4(), ADMIN, uow, topics, POLICY)

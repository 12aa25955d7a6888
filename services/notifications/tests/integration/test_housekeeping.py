"""No silent waits, no stale reminders, and the retention policy, on the real database."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa

from notifications.adapters import orm
from notifications.domain.model import Attempt, Status
from notifications.service_layer import handlers
from notifications.service_layer.rules import RULES
from t2t_shared.kernel.event_meta import EventMeta
from tests.fixtures.services import Infra

from . import upstream
from .stored import Clock, fetch, pending, person, published, store, stored_container
from .test_dispatcher import FakeProvider

pytestmark = pytest.mark.integration
RECEIVED = RULES["t2t.referrals.ReferralReceived.v1"]


async def test_an_event_waiting_too_long_for_a_contact_record_is_failed_for_follow_up(
    infra: Infra,
) -> None:
    clock = Clock()
    async with stored_container(infra, clock=clock, contact_wait_max_s=3600) as c:
        referrer = person(kind="referrer")
        await store(c, [referrer])
        missing_person = uuid.uuid4()
        event = upstream.received(
            1,
            referral_id=uuid.uuid4(),
            person_id=missing_person,
            reference_code="T2T-1",
            area="leeds",
            referrer_id=referrer.id,
            consent_to_contact=True,
            received_at=clock(),
        )
        meta = EventMeta(str(uuid.uuid4()), "/t2t/dev/referrals", RECEIVED.ce_type)
        assert await handlers.on_event(RECEIVED, event, meta, c.uow(), c.planning) == 0

        clock.advance(1800)
        await c.housekeeping.once()
        assert await published(c) == []  # not yet too long

        clock.advance(3600)
        await c.housekeeping.once()
        [(ce_type, data)] = await published(c)
        assert ce_type.endswith("NotificationFailed.v1")
        assert (data["recipient_id"], data["template"]) == (
            str(missing_person),
            "referral_acknowledgement",
        )
        assert (data["failure_code"], data["reason"], data["scope"]) == (
            "contact_details_missing",
            "no_address",
            "platform",
        )
        async with c.uow() as uow:
            rows = (
                await uow.session.execute(
                    sa.select(orm.notifications.c.recipient_id, orm.notifications.c.status).where(
                        orm.notifications.c.cause_event_id == meta.id
                    )
                )
            ).all()
            assert await uow.waiting.count() == 0
        assert {(r.recipient_id, r.status) for r in rows} == {
            (missing_person, "failed"),
            (referrer.id, "pending"),  # the referrer's record was there: sent as usual
        }


async def test_a_reminder_whose_session_has_started_is_cancelled_not_sent(infra: Infra) -> None:
    clock, provider = Clock(), FakeProvider()
    async with stored_container(infra, email=provider, sms=provider, clock=clock) as c:
        sam = person()
        starts = clock() + timedelta(hours=24)
        reminder = pending(
            sam,
            clock(),
            template="session_reminder",
            data={
                "group_name": "Leeds Tuesday",
                "starts_at": starts.isoformat(),
                "ends_at": (starts + timedelta(hours=2)).isoformat(),
                "venue_name": "Library",
                "joining_link": "",
            },
        )
        await store(c, [sam], reminder)
        clock.now = starts + timedelta(minutes=5)  # the dispatcher was down until after it began
        await c.dispatcher.dispatch_due()
        cancelled, _ = await fetch(c, reminder.id)
        assert (cancelled.status, cancelled.last_error) == (
            Status.CANCELLED,
            "session already started",
        )
        assert provider.sent == []
        assert await published(c) == []


async def test_retention_prunes_old_settled_rows_and_keeps_everything_else(infra: Infra) -> None:
    clock = Clock()
    async with stored_container(infra, clock=clock) as c:
        sam = person()
        long_ago = clock() - timedelta(days=500)
        months_ago = clock() - timedelta(days=120)
        old_sent = pending(sam, long_ago, status=Status.SENT)
        old_pending = pending(sam, long_ago)  # never pruned, however old
        recent_sent = pending(sam, months_ago, status=Status.SENT)
        await store(c, [sam], old_sent, old_pending, recent_sent)
        async with c.uow() as uow:
            await uow.notifications.record_attempts(
                [
                    Attempt(old_sent.id, long_ago, "smtp", "sent"),
                    Attempt(recent_sent.id, months_ago, "smtp", "sent"),
                    Attempt(recent_sent.id, clock(), "govuk-notify", "receipt: delivered"),
                    Attempt(old_pending.id, long_ago, "smtp", "retry"),
                ]
            )
            await uow.commit()

        deleted = await c.housekeeping.prune()

        assert deleted == {"notification_attempts": 2, "notifications": 1}
        async with c.uow() as uow:
            assert await uow.notifications.get(old_sent.id) is None
        _, attempts = await fetch(c, recent_sent.id)
        assert [a["outcome"] for a in attempts] == ["receipt: delivered"]
        assert [a["outcome"] for a in (await fetch(c, old_pending.id))[1]] == ["retry"]
        assert (await c.housekeeping.prune()) == {"notification_attempts": 0, "notifications": 0}

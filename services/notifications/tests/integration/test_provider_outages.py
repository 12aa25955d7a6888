"""Provider outages pause sending; they never fail the people waiting (a real Notify stub)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from notifications.adapters.govuk_notify import NotifyEmailProvider, NotifySmsProvider
from notifications.domain.messages import OutgoingSms
from notifications.domain.model import Channel, Status
from tests.fixtures.services import Infra

from .fake_notify import API_KEY, EMAIL_TEMPLATE, SMS_TEMPLATE, FakeNotify, notify_url
from .stored import Clock, fetch, pending, person, published, store, stored_container

__all__ = ["notify_url"]
pytestmark = pytest.mark.integration


@pytest.fixture
def fault() -> Iterator[type[FakeNotify]]:
    """Faults set by a test end with it."""
    yield FakeNotify
    FakeNotify.fault = None


def notify(url: str) -> NotifySmsProvider:
    return NotifySmsProvider(API_KEY, SMS_TEMPLATE, url, timeout=0.2)


def names(events: list[tuple[str, dict[str, Any]]]) -> list[str]:
    return [ce_type.split(".")[2] for ce_type, _ in events]


@pytest.mark.parametrize(
    ("injected", "reason"),
    [("500", "server_error"), ("429", "rate_limited"), ("403", "authentication")],
)
async def test_an_outage_longer_than_every_retry_fails_nobody_and_sends_each_once(
    infra: Infra, notify_url: str, fault: type[FakeNotify], injected: str, reason: str
) -> None:
    clock = Clock()
    async with stored_container(
        infra, sms=notify(notify_url), clock=clock, sms_quiet_hours=""
    ) as c:
        people = [person(preferred_channel=Channel.SMS) for _ in range(3)]
        notes = [pending(p, clock()) for p in people]
        await store(c, people, *notes)

        fault.fault = injected
        for _ in range(8):  # far past max_send_attempts (5) under the old retry rules
            await c.dispatcher.dispatch_due()
            clock.advance(3600)
        for note in notes:
            waiting, _ = await fetch(c, note.id)
            assert (waiting.status, waiting.attempts) == (Status.PENDING, 0)
        assert "NotificationFailed" not in names(await published(c))

        fault.fault = None
        for _ in range(3):
            await c.dispatcher.dispatch_due()
            clock.advance(60)
        for note in notes:
            assert (await fetch(c, note.id))[0].status is Status.SENT
            taken = [r for r in FakeNotify.received if r["reference"] == str(note.id)]
            assert len(taken) == 1
        events = await published(c)
        assert sorted(names(events)) == sorted(
            ["ProviderPaused", "ProviderResumed", *["NotificationSent"] * 3]
        )
        [paused] = [d for t, d in events if t.endswith("ProviderPaused.v1")]
        assert (paused["provider"], paused["channel"], paused["reason"]) == (
            "govuk-notify",
            "sms",
            reason,
        )


async def test_after_the_outage_window_messages_fail_with_a_platform_reason(
    infra: Infra, notify_url: str, fault: type[FakeNotify]
) -> None:
    clock = Clock()
    async with stored_container(
        infra,
        sms=notify(notify_url),
        clock=clock,
        provider_outage_window_s=7200,
        sms_quiet_hours="",
    ) as c:
        sam = person(preferred_channel=Channel.SMS)
        note = pending(sam, clock())
        await store(c, [sam], note)
        fault.fault = "500"
        for _ in range(4):
            await c.dispatcher.dispatch_due()
            clock.advance(3600)
        failed, _ = await fetch(c, note.id)
        assert failed.status is Status.FAILED
        [data] = [d for t, d in await published(c) if t.endswith("NotificationFailed.v1")]
        assert (data["reason"], data["failure_code"], data["scope"]) == (
            "retries_exhausted",
            "provider_unavailable",
            "platform",
        )


async def test_a_read_timeout_is_looked_up_by_reference_and_never_sent_twice(
    infra: Infra, notify_url: str, fault: type[FakeNotify]
) -> None:
    clock = Clock()
    async with stored_container(
        infra, sms=notify(notify_url), clock=clock, sms_quiet_hours=""
    ) as c:
        sam = person(preferred_channel=Channel.SMS)
        note = pending(sam, clock())
        await store(c, [sam], note)
        fault.fault = "read_timeout"  # Notify takes it; its answer comes too late
        await c.dispatcher.dispatch_due()
        unresolved, attempts = await fetch(c, note.id)
        assert unresolved.status is Status.PENDING
        assert unresolved.unresolved_at is not None
        fault.fault = None
        for _ in range(3):
            clock.advance(120)
            await c.dispatcher.dispatch_due()
        sent, attempts = await fetch(c, note.id)
        assert sent.status is Status.SENT
        [taken] = [r for r in FakeNotify.received if r["reference"] == str(note.id)]
        assert attempts[-1]["provider_message_id"] == taken["notify_id"]
        assert names(await published(c)) == ["NotificationSent"]


async def test_a_send_notify_never_took_goes_again_after_the_lookup(
    infra: Infra, notify_url: str, fault: type[FakeNotify]
) -> None:
    clock = Clock()
    async with stored_container(
        infra, sms=notify(notify_url), clock=clock, sms_quiet_hours=""
    ) as c:
        sam = person(preferred_channel=Channel.SMS)
        note = pending(sam, clock())
        await store(c, [sam], note)
        fault.fault = "hang"  # too slow, and nothing taken
        await c.dispatcher.dispatch_due()
        fault.fault = None
        clock.advance(30)
        assert await c.dispatcher.dispatch_due() == 0  # the grace period before the lookup
        clock.advance(60)
        await c.dispatcher.dispatch_due()
        assert (await fetch(c, note.id))[0].status is Status.SENT
        assert len([r for r in FakeNotify.received if r["reference"] == str(note.id)]) == 1


@pytest.mark.parametrize("taken", [True, False])
async def test_a_sender_that_died_mid_send_is_looked_up_not_failed_or_resent(
    infra: Infra, notify_url: str, taken: bool
) -> None:
    clock = Clock()
    sms = notify(notify_url)
    email = NotifyEmailProvider(API_KEY, EMAIL_TEMPLATE, notify_url, timeout=0.2)
    async with stored_container(infra, email=email, sms=sms, clock=clock, sms_quiet_hours="") as c:
        sam = person(preferred_channel=Channel.SMS)
        note = pending(sam, clock())
        await store(c, [sam], note)
        async with c.uow() as uow:  # a replica claims it...
            [claimed] = await uow.claims.claim_due(clock(), 10)
            await uow.commit()
        if taken:  # ...Notify takes it (or not), and the replica dies before recording
            await sms.send_sms(OutgoingSms(sam.mobile or "", "Hello", str(claimed.id)))
        clock.advance(3600)
        await c.dispatcher.settle_abandoned()
        await c.dispatcher.dispatch_due()

        sent, _ = await fetch(c, note.id)
        assert sent.status is Status.SENT
        assert len([r for r in FakeNotify.received if r["reference"] == str(note.id)]) == 1
        assert names(await published(c)) == ["NotificationSent"]


async def test_sends_that_never_get_an_answer_stop_and_are_flagged_for_follow_up(
    infra: Infra, notify_url: str, fault: type[FakeNotify]
) -> None:
    clock = Clock()
    async with stored_container(
        infra, sms=notify(notify_url), clock=clock, sms_quiet_hours="", max_send_attempts=2
    ) as c:
        sam = person(preferred_channel=Channel.SMS)
        note = pending(sam, clock())
        await store(c, [sam], note)
        fault.fault = "hang"  # every try times out, and Notify never has it
        for _ in range(5):
            await c.dispatcher.dispatch_due()
            clock.advance(120)
        flagged, attempts = await fetch(c, note.id)
        assert flagged.status is Status.OUTCOME_UNKNOWN
        assert [a["outcome"] for a in attempts] == [
            "unknown: look up",
            "unknown: look up",
            "outcome_unknown",
        ]
        [(_, data)] = await published(c)
        assert (data["failure_code"], data["scope"]) == ("outcome_unknown", "platform")

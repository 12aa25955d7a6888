"""The dispatcher on the real database: retries, outages, permanent failures, racing senders."""

from __future__ import annotations

import asyncio
import socket
import uuid
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from notifications.adapters.email_smtp import SmtpEmailProvider
from notifications.domain.messages import (
    OutgoingEmail,
    OutgoingSms,
    PermanentProviderError,
    ProviderReceipt,
    TemporaryProviderError,
)
from notifications.domain.model import Channel, Status
from tests.fixtures.services import Infra

from .stored import Clock, fetch, pending, person, published, store, stored_container

pytestmark = pytest.mark.integration
SENT = "t2t.notifications.NotificationSent.v1"
FAILED = "t2t.notifications.NotificationFailed.v1"


class FakeProvider:
    """Email and SMS at once: records sends, raises what it is told to, can be slow."""

    name = "fake"

    def __init__(self, *, fail: list[Exception] | None = None, delay: float = 0.0) -> None:
        self.fail = list(fail or [])
        self.delay = delay
        self.sent: list[Any] = []

    async def _send(self, message: Any) -> ProviderReceipt:
        await asyncio.sleep(self.delay)
        if self.fail:
            raise self.fail.pop(0)
        self.sent.append(message)
        return ProviderReceipt(self.name, str(uuid.uuid4()))

    async def send_email(self, message: OutgoingEmail) -> ProviderReceipt:
        return await self._send(message)

    async def send_sms(self, message: OutgoingSms) -> ProviderReceipt:
        return await self._send(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Inbox:
    def __init__(self) -> None:
        self.received: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.received.append(envelope.original_content)
        return "250 OK"


async def test_an_smtp_outage_pauses_the_provider_and_loses_nothing(infra: Infra) -> None:
    port, clock = free_port(), Clock()
    smtp = SmtpEmailProvider("127.0.0.1", port, "T2T <t2t@t2t.example>", timeout=2.0)
    async with stored_container(infra, email=smtp, sms=FakeProvider(), clock=clock) as c:
        sam = person()
        note = pending(sam, clock())
        await store(c, [sam], note)

        assert await c.dispatcher.dispatch_due() == 1  # nothing listens: the provider pauses
        waiting, attempts = await fetch(c, note.id)
        assert (waiting.status, [a["outcome"] for a in attempts]) == (Status.PENDING, ["paused"])
        assert waiting.attempts == 0  # an outage is not a try at the recipient
        assert waiting.due_at > clock()
        assert await c.dispatcher.dispatch_due() == 0  # waiting for the probe, not retried

        inbox = Inbox()
        server = Controller(inbox, hostname="127.0.0.1", port=port)
        server.start()
        try:
            clock.now = waiting.due_at
            assert await c.dispatcher.dispatch_due() == 1
        finally:
            server.stop()
        sent, attempts = await fetch(c, note.id)
        assert sent.status is Status.SENT
        assert [a["outcome"] for a in attempts] == ["paused", "sent"]
        assert len(inbox.received) == 1
        assert str(note.id).encode() in inbox.received[0]
        assert [t.split(".")[2] for t, _ in await published(c)] == [
            "ProviderPaused",
            "ProviderResumed",
            "NotificationSent",
        ]


async def test_a_permanent_failure_is_recorded_published_and_not_retried(infra: Infra) -> None:
    clock = Clock()
    provider = FakeProvider(fail=[PermanentProviderError("SMTP 550: recipient refused")])
    async with stored_container(infra, email=provider, sms=provider, clock=clock) as c:
        sam = person()
        note = pending(sam, clock())
        await store(c, [sam], note)

        await c.dispatcher.dispatch_due()
        clock.advance(3600)
        assert await c.dispatcher.dispatch_due() == 0

        failed, attempts = await fetch(c, note.id)
        assert failed.status is Status.FAILED
        assert [a["error"] for a in attempts] == ["SMTP 550: recipient refused"]
        [(ce_type, data)] = await published(c)
        assert ce_type == FAILED
        assert (data["reason"], data["scope"]) == ("rejected_by_provider", "recipient")
        assert data["area"] == "leeds"
        assert data["recipient_kind"] == "person"


async def test_temporary_failures_stop_after_the_last_attempt(infra: Infra) -> None:
    clock = Clock()
    provider = FakeProvider(fail=[TemporaryProviderError("busy") for _ in range(10)])
    async with stored_container(
        infra, email=provider, sms=provider, clock=clock, max_send_attempts=3
    ) as c:
        sam = person()
        note = pending(sam, clock())
        await store(c, [sam], note)
        for _ in range(5):
            await c.dispatcher.dispatch_due()
            clock.advance(3600)
        failed, attempts = await fetch(c, note.id)
        assert failed.status is Status.FAILED
        assert [a["outcome"] for a in attempts] == ["retry", "retry", "retries_exhausted"]
        assert [d["reason"] for _, d in await published(c)] == ["retries_exhausted"]


async def test_no_usable_address_fails_and_no_consent_cancels(infra: Infra) -> None:
    clock = Clock()
    provider = FakeProvider()
    async with stored_container(infra, email=provider, sms=provider, clock=clock) as c:
        referrer = person(kind="referrer", email=None, mobile=None)
        silent = person(consent=False)
        outcome = pending(
            referrer,
            clock(),
            template="referral_outcome_referrer",
            data={"reference_code": "T2T-1", "ods_code": "", "outcome": "accepted", "reason": ""},
        )
        ack = pending(silent, clock())
        await store(c, [referrer, silent], outcome, ack)
        await c.dispatcher.dispatch_due()

        assert (await fetch(c, outcome.id))[0].status is Status.FAILED
        cancelled = (await fetch(c, ack.id))[0]
        assert (cancelled.status, cancelled.last_error) == (
            Status.CANCELLED,
            "no consent to contact",
        )
        assert provider.sent == []
        assert [d["reason"] for _, d in await published(c)] == ["no_address"]


async def test_the_preferred_channel_wins_where_the_template_has_it(infra: Infra) -> None:
    clock = Clock()
    provider = FakeProvider()
    async with stored_container(infra, email=provider, sms=provider, clock=clock) as c:
        texter = person(preferred_channel=Channel.SMS)
        referrer = person(kind="referrer", preferred_channel=Channel.SMS, mobile="+447700900999")
        text = pending(texter, clock())
        email_only = pending(
            referrer,
            clock(),
            template="referral_outcome_referrer",
            data={"reference_code": "T2T-1", "ods_code": "", "outcome": "accepted", "reason": ""},
        )
        await store(c, [texter, referrer], text, email_only)
        await c.dispatcher.dispatch_due()
        assert (await fetch(c, text.id))[0].channel is Channel.SMS
        assert (await fetch(c, email_only.id))[0].channel is Channel.EMAIL


async def test_racing_dispatchers_send_each_message_once(infra: Infra) -> None:
    clock = Clock()
    provider = FakeProvider(delay=0.05)
    async with stored_container(
        infra, email=provider, sms=provider, clock=clock, dispatch_batch_size=4
    ) as c:
        people = [person() for _ in range(12)]
        notes = [pending(p, clock()) for p in people]
        await store(c, people, *notes)
        # Two replicas' dispatch rounds at once, as SKIP LOCKED must make safe.
        rounds = [c.dispatcher.dispatch_due() for _ in range(6)]
        assert sum(await asyncio.gather(*rounds)) == 12
        references = [m.reference for m in provider.sent]
        assert sorted(references) == sorted(str(n.id) for n in notes)

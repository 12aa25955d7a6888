"""At most one provider accept per message: fenced claims, renewed leases, drain, ambiguity."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from notifications.adapters.email_smtp import SmtpEmailProvider
from notifications.bootstrap import Container
from notifications.domain.messages import OutgoingEmail, OutgoingSms, ProviderReceipt
from notifications.domain.model import Status
from tests.fixtures.services import Infra

from .stored import Clock, fetch, pending, person, published, store, stored_container
from .test_dispatcher import free_port

pytestmark = pytest.mark.integration


class HeldProvider:
    """Sends only when the test lets it: a send in progress the test can look at."""

    name = "held"

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.sent: list[Any] = []

    async def _send(self, message: Any) -> ProviderReceipt:
        await self.release.wait()
        self.sent.append(message)
        return ProviderReceipt(self.name, str(uuid.uuid4()))

    async def send_email(self, message: OutgoingEmail) -> ProviderReceipt:
        return await self._send(message)

    async def send_sms(self, message: OutgoingSms) -> ProviderReceipt:
        return await self._send(message)


async def until(check: Callable[[], Awaitable[bool]], within: float = 20.0) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while not await check():
        assert asyncio.get_running_loop().time() < deadline, "condition never held"
        await asyncio.sleep(0.02)


def status_is(c: Container, note_id: uuid.UUID, status: Status) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        return (await fetch(c, note_id))[0].status is status

    return check


def names(events: list[tuple[str, dict[str, Any]]]) -> list[str]:
    return [ce_type.split(".")[2] for ce_type, _ in events]


async def test_a_late_sender_cannot_overwrite_a_claim_settled_meanwhile(infra: Infra) -> None:
    clock, provider = Clock(), HeldProvider()
    # Renewal far off: this sender looks dead to the replica that settles its claim.
    async with stored_container(
        infra, email=provider, sms=provider, clock=clock, dispatch_abandoned_after_s=3600
    ) as c:
        sam = person()
        note = pending(sam, clock())
        await store(c, [sam], note)
        sending = asyncio.create_task(c.dispatcher.dispatch_due())
        await until(status_is(c, note.id, Status.SENDING))
        clock.advance(7200)
        assert await c.dispatcher.settle_abandoned() == 1
        provider.release.set()
        await sending

        settled, attempts = await fetch(c, note.id)
        assert (settled.status, settled.last_error) == (Status.FAILED, "interrupted")
        assert names(await published(c)) == ["NotificationFailed"]
        assert sorted(a["outcome"] for a in attempts) == ["interrupted", "late: sent"]


async def test_a_claim_waiting_on_a_slow_send_is_renewed_not_taken_as_abandoned(
    infra: Infra,
) -> None:
    clock, provider = Clock(), HeldProvider()
    async with stored_container(
        infra, email=provider, sms=provider, clock=clock, dispatch_abandoned_after_s=0.2
    ) as c:
        sam = person()
        note = pending(sam, clock())
        await store(c, [sam], note)
        sending = asyncio.create_task(c.dispatcher.dispatch_due())
        await until(status_is(c, note.id, Status.SENDING))
        clock.advance(3600)  # long past the lease, as a send waiting on a rate limit can be

        async def renewed() -> bool:
            async with c.uow() as uow:
                row = await uow.session.execute(
                    sa.text("SELECT claimed_at FROM notifications WHERE id = :id"), {"id": note.id}
                )
                return bool(row.scalar_one() == clock())

        await until(renewed)
        assert await c.dispatcher.settle_abandoned() == 0
        provider.release.set()
        await sending
        assert (await fetch(c, note.id))[0].status is Status.SENT
        assert names(await published(c)) == ["NotificationSent"]


async def test_stopping_lets_sends_in_progress_finish_and_be_recorded(infra: Infra) -> None:
    clock, provider = Clock(), HeldProvider()
    async with stored_container(infra, email=provider, sms=provider, clock=clock) as c:
        sam = person()
        note = pending(sam, clock())
        await store(c, [sam], note)
        running = asyncio.create_task(c.dispatcher.run())
        await until(status_is(c, note.id, Status.SENDING))
        running.cancel()  # what the service's shutdown does to its workers
        closing = asyncio.create_task(c.dispatcher.close())
        await asyncio.sleep(0.05)
        provider.release.set()
        await closing
        assert (await fetch(c, note.id))[0].status is Status.SENT
        assert names(await published(c)) == ["NotificationSent"]
        assert len(provider.sent) == 1
        assert await c.dispatcher.dispatch_due() == 0  # stopped: claims nothing more


class DropsAfterData:
    def __init__(self) -> None:
        self.received: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.received.append(envelope.original_content)
        server.transport.close()  # the reply never comes
        return "250 OK"


async def test_an_smtp_send_cut_after_data_is_flagged_for_follow_up_and_never_resent(
    infra: Infra,
) -> None:
    clock, port, relay = Clock(), free_port(), DropsAfterData()
    server = Controller(relay, hostname="127.0.0.1", port=port)
    server.start()
    try:
        smtp = SmtpEmailProvider("127.0.0.1", port, "T2T <t2t@t2t.example>", timeout=2.0)
        async with stored_container(infra, email=smtp, sms=HeldProvider(), clock=clock) as c:
            sam = person()
            note = pending(sam, clock())
            await store(c, [sam], note)
            for _ in range(4):
                await c.dispatcher.dispatch_due()
                clock.advance(3600)
            flagged, _ = await fetch(c, note.id)
            assert flagged.status is Status.OUTCOME_UNKNOWN
            [(ce_type, data)] = await published(c)
            assert ce_type.endswith("NotificationFailed.v1")
            assert (data["failure_code"], data["scope"]) == ("outcome_unknown", "platform")
    finally:
        server.stop()
    assert len(relay.received) == 1
    assert f"X-T2T-Notification-Id: {note.id}".encode() in relay.received[0]

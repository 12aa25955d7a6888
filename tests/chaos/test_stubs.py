"""The fault stubs and the proxy over real sockets: what each mode does to a real client."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from email.message import EmailMessage
from pathlib import Path

import aiosmtplib
import httpx
import pytest
from starlette.applications import Starlette

from t2t_cli.chaos.notify_stub import NotifyStub, fails_permanently
from t2t_cli.chaos.proxy import TcpProxy
from t2t_cli.chaos.sinks import AcceptLog, read_accepts
from t2t_cli.chaos.smtp_stub import SmtpStub
from t2t_cli.stack.common import free_port


def email(notification_id: str) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@example.org", "b@example.org", "hi"
    message["X-T2T-Notification-Id"] = notification_id
    message.set_content("hello")
    return message


async def send(port: int, notification_id: str, within: float = 2.0) -> None:
    await aiosmtplib.send(email(notification_id), hostname="127.0.0.1", port=port, timeout=within)


@pytest.fixture
async def smtp(tmp_path: Path) -> AsyncIterator[SmtpStub]:
    stub = SmtpStub(free_port(), AcceptLog(tmp_path / "smtp.jsonl"))
    await stub.start()
    yield stub
    await stub.set_mode("refuse")


async def test_smtp_accepts_and_records_the_notification_id(smtp: SmtpStub) -> None:
    await send(smtp.port, "n-1")

    assert [(a.provider, a.notification_id, a.ambiguous) for a in read_accepts(smtp.log.path)] == [
        ("smtp", "n-1", False)
    ]


async def test_smtp_refuse_hang_and_timeout_take_nothing(smtp: SmtpStub) -> None:
    await smtp.set_mode("refuse")
    with pytest.raises(aiosmtplib.SMTPConnectError):
        await send(smtp.port, "n-2")
    for mode in ("hang", "timeout"):
        await smtp.set_mode(mode)
        with pytest.raises((aiosmtplib.SMTPTimeoutError, aiosmtplib.SMTPConnectTimeoutError)):
            await send(smtp.port, "n-3", within=0.5)

    assert read_accepts(smtp.log.path) == []


async def test_smtp_drop_takes_the_message_and_leaves_the_sender_unknowing(
    smtp: SmtpStub,
) -> None:
    await smtp.set_mode("drop")
    with pytest.raises(aiosmtplib.SMTPServerDisconnected):
        await send(smtp.port, "n-4")

    assert [(a.notification_id, a.ambiguous) for a in read_accepts(smtp.log.path)] == [
        ("n-4", True)
    ]


@pytest.fixture
async def notify(tmp_path: Path) -> AsyncIterator[tuple[NotifyStub, httpx.AsyncClient]]:
    stub = NotifyStub(AcceptLog(tmp_path / "notify.jsonl"), [], "")
    transport = httpx.ASGITransport(app=Starlette(routes=stub.routes()))
    async with httpx.AsyncClient(transport=transport, base_url="http://notify") as client:
        yield stub, client


async def test_notify_errors_take_nothing_and_ok_is_found_by_reference(
    notify: tuple[NotifyStub, httpx.AsyncClient],
) -> None:
    stub, client = notify
    body = {"phone_number": "07700900001", "template_id": "t", "reference": "n-5"}
    statuses = []
    for mode in ("5xx", "429", "403", "ok"):
        stub.set_mode(mode)
        statuses.append((await client.post("/v2/notifications/sms", json=body)).status_code)
    found = (await client.get("/v2/notifications", params={"reference": "n-5"})).json()

    assert statuses == [500, 429, 403, 201]
    assert [n["reference"] for n in found["notifications"]] == ["n-5"]
    assert [a.notification_id for a in read_accepts(stub.log.path)] == ["n-5"]


async def test_notify_read_timeout_takes_the_message_and_never_answers(
    notify: tuple[NotifyStub, httpx.AsyncClient],
) -> None:
    stub, client = notify
    stub.set_mode("read_timeout")
    body = {"phone_number": "07700900001", "template_id": "t", "reference": "n-6"}
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(client.post("/v2/notifications/sms", json=body), 0.5)

    assert [(a.notification_id, a.ambiguous) for a in read_accepts(stub.log.path)] == [
        ("n-6", True)
    ]


def test_numbers_ending_13_fail_permanently() -> None:
    assert fails_permanently("07700 900113")
    assert not fails_permanently("07700 900131")


async def test_a_cut_proxy_refuses_and_drops_then_carries_again() -> None:
    async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(await reader.read(100))
        await writer.drain()
        writer.close()

    backend = await asyncio.start_server(echo, "127.0.0.1", 0)
    proxy = TcpProxy(free_port(), backend.sockets[0].getsockname()[1])
    await proxy.restore()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", proxy.listen_port)
        writer.write(b"ping")
        assert await reader.read(100) == b"ping"
        await proxy.cut()
        with pytest.raises(ConnectionRefusedError):
            await asyncio.open_connection("127.0.0.1", proxy.listen_port)
        await proxy.restore()
        reader, writer = await asyncio.open_connection("127.0.0.1", proxy.listen_port)
        writer.write(b"again")
        assert await reader.read(100) == b"again"
    finally:
        await proxy.cut()
        backend.close()

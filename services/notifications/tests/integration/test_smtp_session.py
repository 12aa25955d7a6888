"""The lean SMTP transaction (smtp_session) against a real aiosmtpd server."""

import re
import socket
import uuid
from collections.abc import Iterator
from typing import Any

import aiosmtplib
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP

from notifications.adapters.email_smtp import SmtpEmailProvider
from notifications.domain.messages import OutgoingEmail, PermanentProviderError

SENDER = "Type 2 Together <no-reply@t2t.example>"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Envelopes:
    """Keeps each message's envelope and bytes; refuses the content sent to `badcontent*`."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], list[str], bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if envelope.rcpt_tos[0].startswith("badcontent"):
            return "554 5.6.0 content rejected"
        self.received.append(
            (
                envelope.mail_from,
                list(envelope.rcpt_tos),
                list(envelope.mail_options),
                envelope.original_content,
            )
        )
        return "250 Message accepted"


@pytest.fixture
def server() -> Iterator[tuple[int, Envelopes]]:
    port, handler = free_port(), Envelopes()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, handler
    controller.stop()


class _NoEsmtp(SMTP):
    async def smtp_EHLO(self, hostname: str) -> None:  # noqa: N802 - aiosmtpd's name
        await self.push("502 5.5.1 EHLO not implemented")


class _NoEsmtpController(Controller):
    def factory(self) -> SMTP:
        return _NoEsmtp(self.handler)


def email(to: str, text: str = "Hello Sam,\n\nPlain words.\n") -> OutgoingEmail:
    return OutgoingEmail(to, "Your referral", text, "<p>Hello Sam</p>\n", str(uuid.uuid4()))


async def test_the_message_goes_byte_for_byte_with_its_envelope_and_size(
    server: tuple[int, Envelopes], monkeypatch: pytest.MonkeyPatch
) -> None:
    port, handler = server

    async def no_sendmail(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("aiosmtplib's sendmail used for a message in wire form")

    monkeypatch.setattr(aiosmtplib.SMTP, "sendmail", no_sendmail)
    provider = SmtpEmailProvider("127.0.0.1", port, SENDER, timeout=2.0)
    message = email("sam@example.org", text=".a line led by a dot\n")
    content = provider._content(message)
    assert isinstance(content, bytes)
    try:
        await provider.send_email(message)
    finally:
        await provider.close()
    [(mail_from, rcpt_tos, options, received)] = handler.received
    assert (mail_from, rcpt_tos) == ("no-reply@t2t.example", ["sam@example.org"])
    assert options == [f"SIZE={len(content)}"]
    # The Date header and the boundary are new for each build: the rest is what was built.
    assert _fixed(received) == _fixed(content)


async def test_refused_content_is_ours_and_the_connection_goes_on(
    server: tuple[int, Envelopes],
) -> None:
    port, handler = server
    provider = SmtpEmailProvider("127.0.0.1", port, SENDER, timeout=2.0, connections=1)
    try:
        with pytest.raises(PermanentProviderError) as refused:
            await provider.send_email(email("badcontent@example.org"))
        assert refused.value.recipient is False
        assert "badcontent" not in str(refused.value)
        await provider.send_email(email("sam@example.org"))
    finally:
        await provider.close()
    assert [r[1] for r in handler.received] == [["sam@example.org"]]


async def test_an_address_that_is_not_bare_still_goes_through_aiosmtplib(
    server: tuple[int, Envelopes],
) -> None:
    port, handler = server
    provider = SmtpEmailProvider("127.0.0.1", port, SENDER, timeout=2.0)
    try:
        await provider.send_email(email("postmaster"))
    finally:
        await provider.close()
    assert [r[1] for r in handler.received] == [["postmaster"]]


def _fixed(content: bytes) -> bytes:
    lines = (x for x in content.split(b"\r\n") if not x.startswith(b"Date: "))
    return re.sub(rb"=_[0-9a-f]{32}", b"=_boundary", b"\r\n".join(lines))


async def test_a_server_without_esmtp_is_greeted_with_helo_and_sent_to() -> None:
    port, handler = free_port(), Envelopes()
    controller = _NoEsmtpController(handler, hostname="127.0.0.1", port=port)
    controller.start()
    provider = SmtpEmailProvider("127.0.0.1", port, SENDER, timeout=2.0)
    try:
        await provider.send_email(email("sam@example.org"))
    finally:
        await provider.close()
        controller.stop()
    # No SIZE option: a HELO server offers no extensions.
    assert [(r[1], r[2]) for r in handler.received] == [(["sam@example.org"], [])]


async def test_bytes_with_a_line_led_by_a_period_go_through_sendmail_and_arrive_whole(
    server: tuple[int, Envelopes], monkeypatch: pytest.MonkeyPatch
) -> None:
    # `mime_bytes` never writes such a line; bytes that have one must still be quoted.
    port, handler = server
    provider = SmtpEmailProvider("127.0.0.1", port, SENDER, timeout=2.0)
    content = provider._content(email("sam@example.org"))
    assert isinstance(content, bytes)
    dotted = content.replace(b"\r\n\r\n", b"\r\n\r\n.\r\n.hidden\r\n", 1)
    monkeypatch.setattr(provider, "_content", lambda message: dotted)
    try:
        await provider.send_email(email("sam@example.org"))
    finally:
        await provider.close()
    [(_, _, _, received)] = handler.received
    assert b"\r\n.hidden\r\n" in received
    assert _fixed(received) == _fixed(dotted)

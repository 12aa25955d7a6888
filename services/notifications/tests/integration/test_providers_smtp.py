"""SmtpEmailProvider against a real aiosmtpd server on a free local port."""

import asyncio
import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from notifications.adapters.email_smtp import SmtpEmailProvider
from notifications.domain.messages import (
    OutcomeUnknown,
    OutgoingEmail,
    PermanentProviderError,
    ProviderUnavailable,
    TemporaryProviderError,
)
from notifications.service_layer.providers import EmailProvider

# The auth server runs without TLS on purpose: it only listens on 127.0.0.1 in tests.
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
SENDER = "Type 2 Together <no-reply@t2t.example>"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Recorder:
    """Accepts mail, but refuses `refuse*` recipients for good and `busy*` for now.

    Faults by recipient: `closing*` gets 421 (the server going away), `drop*` has its
    message taken and then the connection cut before the reply (the ambiguous case).
    """

    def __init__(self) -> None:
        self.received: list[EmailMessage] = []

    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address.startswith("refuse"):
            return f"550 5.1.1 <{address}>: mailbox unavailable"
        if address.startswith("busy"):
            return f"450 4.2.1 <{address}>: mailbox busy, try later"
        if address.startswith("closing"):
            return "421 4.3.2 service shutting down"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        parsed = message_from_bytes(envelope.original_content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.received.append(parsed)
        if envelope.rcpt_tos[0].startswith("drop"):
            server.transport.close()
        return "250 Message accepted"


@pytest.fixture(scope="module")
def smtp_server() -> Iterator[tuple[Controller, Recorder]]:
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, recorder
    controller.stop()


@pytest.fixture(scope="module")
def auth_server() -> Iterator[Controller]:
    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
        ok = data.login == b"t2t" and data.password == b"right"
        return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd replies 535

    controller = Controller(
        Recorder(),
        hostname="127.0.0.1",
        port=free_port(),
        authenticator=authenticate,
        auth_required=True,
        auth_require_tls=False,
    )
    controller.start()
    yield controller
    controller.stop()


def email(to: str = "sam@example.org") -> OutgoingEmail:
    return OutgoingEmail(
        to=to,
        subject="We've received your referral",
        text="Hello Sam,\n\nPlain words.\n",
        html="<p>Hello Sam,</p><p>Plain words.</p>\n",
        reference=str(uuid.uuid4()),
    )


def provider(port: int, **kwargs: Any) -> SmtpEmailProvider:
    return SmtpEmailProvider("127.0.0.1", port, SENDER, timeout=2.0, **kwargs)


async def test_sends_multipart_with_reference(smtp_server: tuple[Controller, Recorder]) -> None:
    controller, recorder = smtp_server
    smtp = provider(controller.port)
    assert isinstance(smtp, EmailProvider)
    message = email()

    receipt = await smtp.send_email(message)

    assert receipt.provider == "smtp"
    assert receipt.provider_message_id == f"<{message.reference}@t2t.example>"
    received = recorder.received[-1]
    assert received["X-T2T-Reference"] == message.reference
    assert received["X-T2T-Notification-Id"] == message.reference
    assert received["Message-ID"] == receipt.provider_message_id
    assert received["To"] == "sam@example.org"
    assert received["Subject"] == "We've received your referral"
    assert received["Auto-Submitted"] == "auto-generated"
    assert received.get_content_type() == "multipart/alternative"
    parts = {
        part.get_content_type(): part.get_content().replace("\r\n", "\n")
        for part in received.iter_parts()
    }
    assert parts == {"text/plain": message.text, "text/html": message.html}


@pytest.mark.parametrize(
    ("to", "subject"),
    [
        ("sam@example.org", "Referral received: T2T-7QW3RX"),  # written directly
        ("sam@example.org", "Croeso i Type 2 Together: we've received your referral"),
        ("sam@example.org", ("A subject long enough that it has to be folded " * 3).strip()),
        ("Sam Jones <sam@example.org>", "Referral received"),  # not a bare address
    ],
)
async def test_either_way_of_building_gives_the_same_message(
    smtp_server: tuple[Controller, Recorder], to: str, subject: str
) -> None:
    """Plain-ASCII headers are written out directly, the rest go through the email package:
    the message that arrives is the same either way, bodies with non-ASCII and dots too."""
    controller, recorder = smtp_server
    message = OutgoingEmail(
        to=to,
        subject=subject,
        text="Helo Siân,\n.\n.a line starting with a dot\n" + "x" * 200 + "\n",
        html="<p>Helo Siân</p>\n<p>£5 — “quoted”</p>\n",
        reference=str(uuid.uuid4()),
    )

    await provider(controller.port).send_email(message)

    received = next(r for r in recorder.received if r["X-T2T-Reference"] == message.reference)
    # The email package's folded encoded words come back with a leading space (as before).
    assert (received["To"], received["Subject"].lstrip()) == (to, subject)
    assert received["From"] == SENDER
    assert received["Message-ID"] == f"<{message.reference}@t2t.example>"
    assert received["Auto-Submitted"] == "auto-generated"
    assert received["Date"] is not None
    parts = {
        part.get_content_type(): part.get_content().replace("\r\n", "\n")
        for part in received.iter_parts()
    }
    assert parts == {"text/plain": message.text, "text/html": message.html}


async def test_concurrent_sends_all_arrive(smtp_server: tuple[Controller, Recorder]) -> None:
    controller, recorder = smtp_server
    messages = [email() for _ in range(5)]
    await asyncio.gather(*(provider(controller.port).send_email(m) for m in messages))
    seen = {r["X-T2T-Reference"] for r in recorder.received}
    assert {m.reference for m in messages} <= seen


async def test_refused_recipient_is_permanent_without_the_address(
    smtp_server: tuple[Controller, Recorder],
) -> None:
    controller, _ = smtp_server
    with pytest.raises(PermanentProviderError) as caught:
        await provider(controller.port).send_email(email("refuse.me@example.org"))
    assert caught.value.permanent
    assert caught.value.reason == "SMTP 550: recipient refused"
    assert "refuse.me" not in str(caught.value)
    assert caught.value.__suppress_context__


async def test_a_closing_server_pauses_the_provider(
    smtp_server: tuple[Controller, Recorder],
) -> None:
    controller, _ = smtp_server
    with pytest.raises(ProviderUnavailable, match="421") as caught:
        await provider(controller.port).send_email(email("closing@example.org"))
    assert caught.value.kind == "server_error"


async def test_a_connection_cut_after_data_is_an_unknown_outcome_never_redialled(
    smtp_server: tuple[Controller, Recorder],
) -> None:
    controller, recorder = smtp_server
    message = email("drop@example.org")
    with pytest.raises(OutcomeUnknown) as caught:
        await provider(controller.port).send_email(message)
    assert not caught.value.resolvable
    arrived = [r for r in recorder.received if r["X-T2T-Reference"] == message.reference]
    assert len(arrived) == 1  # taken once: the lost reply did not make us send it again


async def test_busy_recipient_is_temporary(smtp_server: tuple[Controller, Recorder]) -> None:
    controller, _ = smtp_server
    with pytest.raises(TemporaryProviderError) as caught:
        await provider(controller.port).send_email(email("busy@example.org"))
    assert not caught.value.permanent
    assert caught.value.reason == "SMTP 450: recipient refused"


async def test_wrong_password_pauses_the_provider(auth_server: Controller) -> None:
    with pytest.raises(ProviderUnavailable, match="SMTP 535: authentication failed") as caught:
        await provider(auth_server.port, username="t2t", password="wrong").send_email(email())
    assert caught.value.kind == "authentication"


async def test_right_password_sends(auth_server: Controller) -> None:
    smtp = provider(auth_server.port, username="t2t", password="right")
    receipt = await smtp.send_email(email())
    assert receipt.provider_message_id


async def test_closed_port_pauses_the_provider() -> None:
    with pytest.raises(ProviderUnavailable, match="connection failed") as caught:
        await provider(free_port()).send_email(email())
    assert caught.value.kind == "connection_refused"


@pytest.fixture
async def silent_server() -> AsyncIterator[int]:
    """Accepts connections and never greets, like a hung relay."""

    async def hang(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()
        writer.close()

    server = await asyncio.start_server(hang, "127.0.0.1", 0)
    yield server.sockets[0].getsockname()[1]
    server.close()


async def test_timeout_pauses_the_provider(silent_server: int) -> None:
    smtp = SmtpEmailProvider("127.0.0.1", silent_server, SENDER, timeout=0.2)
    with pytest.raises(ProviderUnavailable, match="timed out") as caught:
        await smtp.send_email(email())
    assert caught.value.kind == "timeout"


def test_header_injection_is_permanent() -> None:
    smtp = provider(25)
    with pytest.raises(PermanentProviderError) as caught:
        smtp.build_message(email("sam@example.org\r\nBcc: x@example.org"))
    assert "sam@" not in str(caught.value)
    with pytest.raises(PermanentProviderError):
        smtp.build_message(OutgoingEmail("a@b.c", "s", "t", "h", reference="<not a uuid>"))


def test_starttls_and_tls_are_exclusive() -> None:
    with pytest.raises(ValueError, match="not both"):
        SmtpEmailProvider("h", 25, SENDER, starttls=True, use_tls=True)


class Counting(Recorder):
    """Counts SMTP sessions, to see whether messages share one connection."""

    def __init__(self) -> None:
        super().__init__()
        self.sessions = 0

    async def handle_EHLO(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        self.sessions += 1
        session.host_name = hostname
        return responses


async def test_messages_share_one_connection_and_survive_a_server_restart() -> None:
    port = free_port()
    first = Counting()
    controller = Controller(first, hostname="127.0.0.1", port=port)
    controller.start()
    provider = SmtpEmailProvider("127.0.0.1", port, SENDER, connections=1)
    try:
        for n in range(3):
            await provider.send_email(email(f"person{n}@example.org"))
        assert (len(first.received), first.sessions) == (3, 1)

        controller.stop()  # the server goes away and comes back: the kept connection is dead
        second = Counting()
        controller = Controller(second, hostname="127.0.0.1", port=port)
        controller.start()
        await provider.send_email(email("after.restart@example.org"))
        assert len(second.received) == 1
    finally:
        await provider.close()
        controller.stop()


async def test_sends_at_once_use_up_to_the_pool_of_connections() -> None:
    port = free_port()
    server = Counting()
    controller = Controller(server, hostname="127.0.0.1", port=port)
    controller.start()
    provider = SmtpEmailProvider("127.0.0.1", port, SENDER, connections=3)
    try:
        await asyncio.gather(*(provider.send_email(email(f"p{n}@example.org")) for n in range(12)))
        assert len(server.received) == 12
        assert 1 < server.sessions <= 3
    finally:
        await provider.close()
        controller.stop()


async def test_non_ascii_subject_and_body_arrive_intact(
    smtp_server: tuple[Controller, Recorder],
) -> None:
    controller, recorder = smtp_server
    message = OutgoingEmail(
        to="zoë@example.org",
        subject="We\u2019ve received your referral \u2013 Zoë",
        text="Hello Zoë, see you in Café Rouge £0\n",
        html="<p>Hello Zoë, see you in Café Rouge £0</p>\n",
        reference=str(uuid.uuid4()),
    )

    await provider(controller.port).send_email(message)

    received = recorder.received[-1]
    assert received["Subject"] == message.subject
    parts = {
        p.get_content_type(): p.get_content().replace("\r\n", "\n") for p in received.iter_parts()
    }
    assert parts == {"text/plain": message.text, "text/html": message.html}


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A self-signed certificate for 127.0.0.1, made with the openssl command."""
    import subprocess

    directory = tmp_path_factory.mktemp("tls")
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return str(cert), str(key)


@pytest.fixture(scope="module")
def starttls_server(certificate: tuple[str, str]) -> Iterator[tuple[Controller, Recorder]]:
    """Refuses mail until the client upgrades with STARTTLS and logs in."""
    import ssl

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)

    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
        return AuthResult(success=data.login == b"t2t" and data.password == b"right")

    recorder = Recorder()
    controller = Controller(
        recorder,
        hostname="127.0.0.1",
        port=free_port(),
        tls_context=context,
        require_starttls=True,
        authenticator=authenticate,
        auth_required=True,
    )
    controller.start()
    yield controller, recorder
    controller.stop()


async def test_starttls_with_auth_sends_over_an_encrypted_session(
    starttls_server: tuple[Controller, Recorder], certificate: tuple[str, str]
) -> None:
    controller, recorder = starttls_server
    smtp = provider(
        controller.port, starttls=True, username="t2t", password="right", ca_file=certificate[0]
    )
    message = email()
    await smtp.send_email(message)
    await smtp.close()
    assert recorder.received[-1]["X-T2T-Reference"] == message.reference


async def test_without_starttls_the_relay_refuses(
    starttls_server: tuple[Controller, Recorder],
) -> None:
    smtp = provider(starttls_server[0].port, username="t2t", password="right")
    with pytest.raises(ProviderUnavailable) as caught:
        await smtp.send_email(email())
    assert caught.value.kind == "authentication"


async def test_an_untrusted_certificate_is_not_sent_to(
    starttls_server: tuple[Controller, Recorder],
) -> None:
    smtp = provider(starttls_server[0].port, starttls=True, username="t2t", password="right")
    with pytest.raises(TemporaryProviderError):
        await smtp.send_email(email())

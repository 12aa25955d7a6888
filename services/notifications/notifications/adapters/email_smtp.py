"""Email over SMTP (aiosmtplib): the dev mail catcher locally, a relay in production."""

from __future__ import annotations

import asyncio
import contextlib
import re
import ssl
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formatdate, parseaddr

import aiosmtplib

from notifications.domain.messages import (
    OutgoingEmail,
    PermanentProviderError,
    ProviderError,
    ProviderReceipt,
    TemporaryProviderError,
)

_UNSAFE_HEADER = re.compile(r"[\r\n\x00]")
_SAFE_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


class SmtpEmailProvider:
    """Sends multipart/alternative (text + HTML) mail over a few kept-open connections."""

    name: str = "smtp"

    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        *,
        username: str | None = None,
        password: str | None = None,
        starttls: bool = False,
        use_tls: bool = False,
        timeout: float = 10.0,
        connections: int = 4,
        ca_file: str | None = None,
    ) -> None:
        if starttls and use_tls:
            raise ValueError("choose STARTTLS or implicit TLS, not both")
        self.host = host
        self.port = port
        self.sender = sender
        self.username = username
        self.password = password
        self.starttls = starttls
        self.use_tls = use_tls
        self.timeout = timeout
        # The relay's certificate is checked against this CA bundle (else the system's).
        self._tls_context = ssl.create_default_context(cafile=ca_file) if ca_file else None
        self._domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
        # A few connections used side by side: one SMTP session sends one message at a time.
        self._idle: asyncio.Queue[aiosmtplib.SMTP | None] = asyncio.Queue()
        for _ in range(connections):
            self._idle.put_nowait(None)

    def build_message(self, message: OutgoingEmail) -> Message:
        """The MIME message as it will be sent.

        Built with the classic MIME classes: the modern EmailMessage API parses every header
        it is given, which was a fifth of the service's time under load. So the header
        values are checked here instead.
        """
        if not _SAFE_REFERENCE.match(message.reference):
            raise PermanentProviderError("reference is not usable in a Message-ID")
        if any(_UNSAFE_HEADER.search(v) for v in (message.to, message.subject)):
            # Saying which would quote the address.
            raise PermanentProviderError("recipient or subject is not a valid header")
        mime = MIMEMultipart("alternative")
        mime["From"] = self.sender
        mime["To"] = message.to
        mime["Subject"] = Header(message.subject, "utf-8").encode()
        mime["Date"] = formatdate(usegmt=True)
        # Derived from our notification id, so a retried send carries the same Message-ID
        # and receiving systems (and people) can recognise a duplicate.
        mime["Message-ID"] = f"<{message.reference}@{self._domain}>"
        mime["X-T2T-Reference"] = message.reference
        # RFC 3834: stops out-of-office replies coming back to an unattended sender.
        mime["Auto-Submitted"] = "auto-generated"
        mime.attach(MIMEText(message.text, "plain", "utf-8"))
        mime.attach(MIMEText(message.html, "html", "utf-8"))
        return mime

    async def send_email(self, message: OutgoingEmail) -> ProviderReceipt:
        mime = self.build_message(message)
        client = await self._idle.get()
        try:
            client = await self._send_on_open_connection(client, mime)
        except (aiosmtplib.SMTPException, OSError, ValueError) as exc:
            await _quit(client)
            client = None
            # `from None`: SMTP replies and aiosmtplib's exceptions often carry the address.
            raise smtp_error(exc) from None
        finally:
            self._idle.put_nowait(client)
        return ProviderReceipt(provider=self.name, provider_message_id=mime["Message-ID"])

    async def _send_on_open_connection(
        self, client: aiosmtplib.SMTP | None, mime: Message
    ) -> aiosmtplib.SMTP:
        """Connections are kept open and reused; a server that hung up gets one redial."""
        for attempt in (1, 2):
            if client is None or not client.is_connected:
                client = await self._connect()
            try:
                await client.send_message(mime)
                return client
            except aiosmtplib.SMTPServerDisconnected:
                client = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _connect(self) -> aiosmtplib.SMTP:
        client = aiosmtplib.SMTP(
            hostname=self.host,
            port=self.port,
            start_tls=self.starttls,
            use_tls=self.use_tls,
            timeout=self.timeout,
            tls_context=self._tls_context,
        )
        await client.connect()
        if self.username:
            # A relay that offers AUTH only after STARTTLS means our settings are wrong:
            # say so (permanent) rather than retry what can never work.
            await client.ehlo()  # extensions as offered now, after any STARTTLS
            if not client.supports_extension("auth"):
                await _quit(client)
                raise aiosmtplib.SMTPNotSupported("AUTH not offered (STARTTLS needed?)")
            await client.login(self.username, self.password or "")
        return client

    async def close(self) -> None:
        """Close every idle connection (at shutdown)."""
        clients = []
        while not self._idle.empty():
            clients.append(self._idle.get_nowait())
        for client in clients:
            await _quit(client)
            self._idle.put_nowait(None)


async def _quit(client: aiosmtplib.SMTP | None) -> None:
    if client is not None and client.is_connected:
        with contextlib.suppress(aiosmtplib.SMTPException, OSError):
            await client.quit()


def smtp_error(exc: Exception) -> ProviderError:
    """Map an aiosmtplib failure to a provider error whose reason holds no address."""
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        codes = [refused.code for refused in exc.recipients]
        # Permanent only when every refusal is permanent: a 4xx may clear on retry.
        return _by_code(min(codes) if codes else 451, "recipient refused")
    if isinstance(exc, aiosmtplib.SMTPAuthenticationError):
        return _by_code(exc.code, "authentication failed")
    if isinstance(exc, aiosmtplib.SMTPSenderRefused):
        return _by_code(exc.code, "sender refused")
    if isinstance(exc, aiosmtplib.SMTPDataError):
        return _by_code(exc.code, "message refused")
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        return _by_code(exc.code, "command refused")
    if isinstance(exc, aiosmtplib.SMTPTimeoutError):
        return TemporaryProviderError("SMTP timed out")
    if isinstance(exc, (aiosmtplib.SMTPConnectError, aiosmtplib.SMTPServerDisconnected)):
        return TemporaryProviderError("SMTP connection failed")
    if isinstance(exc, aiosmtplib.SMTPNotSupported):
        return PermanentProviderError("SMTP server lacks a required extension")
    if isinstance(exc, OSError):
        return TemporaryProviderError(f"SMTP connection failed ({type(exc).__name__})")
    if isinstance(exc, ValueError):
        return PermanentProviderError("address cannot be sent over SMTP")
    return TemporaryProviderError(f"SMTP failed ({type(exc).__name__})")


def _by_code(code: int, what: str) -> ProviderError:
    # SMTP's own rule: 5yz is a permanent negative reply, 4yz a transient one.
    if 500 <= code < 600:
        return PermanentProviderError(f"SMTP {code}: {what}")
    return TemporaryProviderError(f"SMTP {code}: {what}")

# Over 200 lines: the connection pool, its redial rule and the two ways a message is built.
"""Email over SMTP (aiosmtplib): the dev mail catcher locally, a relay in production."""

from __future__ import annotations

import asyncio
import contextlib
import re
import ssl
from dataclasses import dataclass
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formatdate, parseaddr
from typing import Any

import aiosmtplib

from notifications.adapters import mime_bytes
from notifications.adapters.smtp_errors import smtp_error
from notifications.adapters.smtp_session import bare_address, send_wire
from notifications.domain.messages import (
    OutgoingEmail,
    PermanentProviderError,
    ProviderReceipt,
)

_UNSAFE_HEADER = re.compile(r"[\r\n\x00]")
_SAFE_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


class _Smtp(aiosmtplib.SMTP):
    """Remembers whether the message itself went out: after that, a lost reply is ambiguous."""

    data_sent = False

    async def data(self, *args: Any, **kwargs: Any) -> aiosmtplib.SMTPResponse:
        self.data_sent = True
        return await super().data(*args, **kwargs)


@dataclass
class _Slot:
    """One of the pool's connections while a send uses it (None: not connected)."""

    client: _Smtp | None


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
        self._envelope_from = parseaddr(sender)[1]
        self._domain = self._envelope_from.rpartition("@")[2] or "localhost"
        # A few connections used side by side: one SMTP session sends one message at a time.
        self._idle: asyncio.Queue[_Smtp | None] = asyncio.Queue()
        for _ in range(connections):
            self._idle.put_nowait(None)

    def build_message(self, message: OutgoingEmail) -> Message:
        """The MIME message as it will be sent.

        Built with the classic MIME classes: the modern EmailMessage API parses every header
        it is given, which was a fifth of the service's time under load. So the header
        values are checked here instead.
        """
        _check(message)
        mime = MIMEMultipart("alternative")
        mime["From"] = self.sender
        mime["To"] = message.to
        mime["Subject"] = Header(message.subject, "utf-8").encode()
        mime["Date"] = formatdate(usegmt=True)
        for name, value in self._headers(message).items():
            mime[name] = value
        mime.attach(MIMEText(message.text, "plain", "utf-8"))
        mime.attach(MIMEText(message.html, "html", "utf-8"))
        return mime

    def _headers(self, message: OutgoingEmail) -> dict[str, str]:
        return {
            # Derived from our notification id, so a retried send carries the same
            # Message-ID and receiving systems (and people) can recognise a duplicate.
            "Message-ID": f"<{message.reference}@{self._domain}>",
            "X-T2T-Reference": message.reference,
            "X-T2T-Notification-Id": message.reference,
            # RFC 3834: stops out-of-office replies coming back to an unattended sender.
            "Auto-Submitted": "auto-generated",
        }

    def _content(self, message: OutgoingEmail) -> Message | bytes:
        """Its bytes where they can be written directly, else the MIME message to flatten."""
        _check(message)
        if not mime_bytes.simple(self.sender, message.to, message.subject):
            return self.build_message(message)
        return mime_bytes.message_bytes(
            sender=self.sender,
            to=message.to,
            subject=message.subject,
            text=message.text,
            html=message.html,
            headers=self._headers(message),
        )

    async def send_email(self, message: OutgoingEmail) -> ProviderReceipt:
        content = self._content(message)
        slot = _Slot(await self._idle.get())
        try:
            await self._send_on_open_connection(slot, content, message.to)
        except (aiosmtplib.SMTPException, OSError, ValueError) as exc:
            data_sent = slot.client is not None and slot.client.data_sent
            await _quit(slot.client)
            slot.client = None
            # `from None`: SMTP replies and aiosmtplib's exceptions often carry the address.
            raise smtp_error(exc, data_sent=data_sent) from None
        finally:
            self._idle.put_nowait(slot.client)
        message_id = f"<{message.reference}@{self._domain}>"
        return ProviderReceipt(provider=self.name, provider_message_id=message_id)

    async def _send_on_open_connection(
        self, slot: _Slot, content: Message | bytes, to: str
    ) -> None:
        """Connections are kept open and reused; a server that hung up gets one redial.

        Only while the message has not gone: a hang-up after DATA is never redialled.
        """
        for attempt in (1, 2):
            if slot.client is None or not slot.client.is_connected:
                slot.client = None
                slot.client = await self._connect()
            slot.client.data_sent = False
            try:
                if isinstance(content, bytes) and self._lean(to, content):
                    await send_wire(slot.client, self._envelope_from, to, content)
                elif isinstance(content, bytes):
                    # `simple` held: `to` is one bare address, the sender's is known.
                    await slot.client.sendmail(self._envelope_from, [to], content)
                else:
                    await slot.client.send_message(content)
                return
            except aiosmtplib.SMTPServerDisconnected:
                if attempt == 2 or slot.client.data_sent:
                    raise
                slot.client = None

    def _lean(self, to: str, content: bytes) -> bool:
        """Addresses that go as they are, without aiosmtplib's parsing (the bytes are
        `mime_bytes`', in wire form by construction).

        A line starting with a period would need quoting for DATA: `mime_bytes` never
        writes one, but a few microseconds buy the certainty, and `sendmail` quotes it.
        """
        unquoted = not content.startswith(b".") and b"\n." not in content
        return unquoted and bare_address(to) and bare_address(self._envelope_from)

    async def _connect(self) -> _Smtp:
        client = _Smtp(
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


def _check(message: OutgoingEmail) -> None:
    if not _SAFE_REFERENCE.match(message.reference):
        raise PermanentProviderError("reference is not usable in a Message-ID")
    if any(_UNSAFE_HEADER.search(v) for v in (message.to, message.subject)):
        # Saying which would quote the address.
        raise PermanentProviderError("recipient or subject is not a valid header")


async def _quit(client: _Smtp | None) -> None:
    if client is not None and client.is_connected:
        with contextlib.suppress(aiosmtplib.SMTPException, OSError):
            await client.quit()

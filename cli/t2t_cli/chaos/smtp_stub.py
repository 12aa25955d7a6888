"""An SMTP server (aiosmtpd) whose behaviour the nemesis switches, recording every accept.

Modes: ``accept``; ``refuse`` (nothing listens: connection refused); ``hang`` (the
connection opens, no greeting ever comes); ``timeout`` (greets, then never answers MAIL);
``drop`` (takes the whole message, records it as an ambiguous accept, then drops the
connection before answering, so the sender cannot know it went).
"""

from __future__ import annotations

import asyncio
import email
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope, Session

from .sinks import AcceptLog

MODES = ("accept", "refuse", "hang", "timeout", "drop")
# The header the platform's emails carry; the older one until every sender carries both.
ID_HEADERS = ("X-T2T-Notification-Id", "X-T2T-Reference")
FOREVER_S = 3600.0


def notification_id(raw: bytes) -> str:
    message = email.message_from_bytes(raw)
    for header in ID_HEADERS:
        if value := message.get(header):
            return str(value).strip()
    return "(none)"


class _Handler:
    def __init__(self, stub: SmtpStub) -> None:
        self.stub = stub

    async def handle_MAIL(  # noqa: N802 - aiosmtpd's hook name
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if self.stub.mode == "timeout":
            await asyncio.sleep(FOREVER_S)
        envelope.mail_from = address
        return "250 OK"

    async def handle_DATA(  # noqa: N802 - aiosmtpd's hook name
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        raw = envelope.original_content or envelope.content or b""
        raw = raw if isinstance(raw, bytes) else raw.encode()
        if self.stub.mode == "drop":
            self.stub.log.record("smtp", notification_id(raw), ambiguous=True)
            if isinstance(server.transport, asyncio.Transport):
                server.transport.abort()
            await asyncio.sleep(FOREVER_S)
        self.stub.log.record("smtp", notification_id(raw))
        return "250 OK: queued"


class _Silent(asyncio.Protocol):
    """A connection that is accepted and then never spoken to."""


class SmtpStub:
    def __init__(self, port: int, log: AcceptLog, host: str = "127.0.0.1") -> None:
        self.port, self.log, self.host = port, log, host
        self.mode = "accept"
        self._server: asyncio.Server | None = None
        self._transports: set[asyncio.Transport] = set()
        self._handler = _Handler(self)

    async def start(self) -> None:
        await self.set_mode("accept")

    async def set_mode(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown SMTP mode {mode!r}; one of {', '.join(MODES)}")
        self.mode = mode
        # Open connections are dropped at every change, as a restarting relay drops them:
        # otherwise a pooled connection would carry on in the old mode.
        for transport in list(self._transports):
            transport.abort()
        self._transports.clear()
        if mode == "refuse" and self._server is not None:
            self._server.close()
            self._server = None
        elif mode != "refuse" and self._server is None:
            loop = asyncio.get_running_loop()
            self._server = await loop.create_server(
                self._protocol, self.host, self.port, reuse_address=True
            )

    def _protocol(self) -> asyncio.Protocol:
        protocol: asyncio.Protocol
        if self.mode == "hang":
            protocol = _Silent()
        else:
            protocol = SMTP(self._handler, hostname="chaos-smtp", timeout=60)
        original = protocol.connection_made

        def made(transport: asyncio.BaseTransport) -> None:
            if isinstance(transport, asyncio.Transport):
                self._transports.add(transport)
            original(transport)

        protocol.connection_made = made  # type: ignore[method-assign]
        return protocol

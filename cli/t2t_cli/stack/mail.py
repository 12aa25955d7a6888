"""An SMTP catcher for development: every message lands in a Maildir instead of an inbox."""

from __future__ import annotations

import email
import email.policy
import logging
import mailbox
from email.message import EmailMessage
from pathlib import Path
from types import TracebackType
from typing import Any

from aiosmtpd.controller import Controller

from .common import ensure_port_free

log = logging.getLogger(__name__)


class MaildirHandler:
    """aiosmtpd handler that saves each message, as received, into a Maildir."""

    def __init__(self, maildir: Path) -> None:
        self.maildir = maildir
        self._box = mailbox.Maildir(maildir, create=True)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        # The envelope recipients include Bcc, which the headers never show: keep them
        # the way a delivery agent would, so tests can check who was really sent to.
        trace = (
            f"Return-Path: <{envelope.mail_from}>\r\n"
            f"X-Envelope-To: {', '.join(envelope.rcpt_tos)}\r\n"
        ).encode()
        self._box.add(trace + envelope.original_content)
        log.debug("caught a message for %d recipient(s)", len(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


def read_maildir(path: Path) -> list[EmailMessage]:
    """Every message in the Maildir at ``path``, oldest first; empty if there is none."""
    if not (path / "new").is_dir():
        return []
    box = mailbox.Maildir(path, create=False)
    found = []
    for key in list(box.iterkeys()):
        received = box.get_message(key).get_date()
        parsed = email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)  # guaranteed by policy.default
        found.append((received, key, parsed))
    return [message for _, _, message in sorted(found, key=lambda item: (item[0], item[1]))]


class MailCatcher:
    """SMTP on ``host:port`` (no auth, no TLS) writing into ``maildir``."""

    def __init__(self, maildir: Path, port: int = 1025, host: str = "127.0.0.1") -> None:
        if port == 0:
            # aiosmtpd's start-up self-check connects to the configured port, so 0 fails.
            raise ValueError("MailCatcher needs an explicit port: pick one with free_port()")
        self.maildir, self.port, self.host = Path(maildir), port, host
        self._controller: Controller | None = None

    @property
    def running(self) -> bool:
        return self._controller is not None

    def start(self) -> None:
        # aiosmtpd logs every connection at INFO, its own start-up self-check included.
        smtp_log = logging.getLogger("mail.log")
        if smtp_log.level == logging.NOTSET:
            smtp_log.setLevel(logging.WARNING)
        ensure_port_free(
            self.host,
            self.port,
            "the SMTP catcher",
            "Stop whatever uses it, choose another port, or set T2T_SMTP_HOST to use it.",
        )
        controller = Controller(
            MaildirHandler(self.maildir), hostname=self.host, port=self.port, ready_timeout=5
        )
        controller.start()
        self._controller = controller

    def stop(self) -> None:
        controller, self._controller = self._controller, None
        if controller is not None:
            controller.stop()

    def messages(self) -> list[EmailMessage]:
        return read_maildir(self.maildir)

    def clear(self) -> None:
        """Forget every caught message (tests call this between cases)."""
        box = mailbox.Maildir(self.maildir, create=True)
        for key in list(box.iterkeys()):
            box.discard(key)

    def __enter__(self) -> MailCatcher:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

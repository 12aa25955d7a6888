"""The SMTP catcher keeps every message, envelope recipients included, in a Maildir."""

from __future__ import annotations

import smtplib
import socket
from email.message import EmailMessage
from pathlib import Path

import pytest

from t2t_cli.stack.common import PortInUseError
from t2t_cli.stack.mail import MailCatcher, read_maildir


def test_a_message_sent_with_smtplib_lands_in_the_maildir(smtp_catcher: MailCatcher) -> None:
    smtp_catcher.clear()
    message = EmailMessage()
    message["From"] = "groups@type2together.example"
    message["To"] = "member@example.org"
    message["Subject"] = "Your group starts on Tuesday ✓"
    message.set_content("See you at 10:00.")

    with smtplib.SMTP(smtp_catcher.host, smtp_catcher.port, timeout=5) as smtp:
        smtp.send_message(message, to_addrs=["member@example.org", "audit@example.org"])

    [caught] = read_maildir(smtp_catcher.maildir)
    assert caught["Subject"] == "Your group starts on Tuesday ✓"
    assert caught["X-Envelope-To"] == "member@example.org, audit@example.org"
    assert caught.get_content().strip() == "See you at 10:00."
    assert smtp_catcher.messages()[0]["To"] == "member@example.org"
    smtp_catcher.clear()
    assert smtp_catcher.messages() == []


def test_reading_a_maildir_that_does_not_exist_finds_nothing(tmp_path: Path) -> None:
    assert read_maildir(tmp_path / "nothing") == []


def test_port_zero_is_refused_up_front(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="explicit port"):
        MailCatcher(tmp_path, port=0)


def test_a_taken_port_is_named_in_the_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(PortInUseError, match=f"port {port} is in use.*T2T_SMTP_HOST"):
            MailCatcher(tmp_path, port=port).start()

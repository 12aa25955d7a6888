"""When a message's bytes and addresses may skip aiosmtplib's parsing and quoting."""

import pytest

from notifications.adapters import mime_bytes
from notifications.adapters.smtp_session import bare_address, wire_ready


def test_what_mime_bytes_writes_is_ready_for_the_wire() -> None:
    content = mime_bytes.message_bytes(
        sender="t2t@t2t.example",
        to="sam@example.org",
        subject="We've received your referral",
        text="Hello Sam,\n.\n..a line led by dots\n",
        html="<p>Hello Sam,</p>\n.<p>dots</p>\n",
        headers={"X-T2T-Reference": "abc"},
    )
    assert wire_ready(content)


@pytest.mark.parametrize(
    "content",
    [
        b"Subject: x\r\n\r\nbody",  # no final CRLF
        b"Subject: x\r\n\r\nbody\nmore\r\n",  # a bare LF
        b"Subject: x\r\n\r\nbody\rmore\r\n",  # a bare CR
        b"Subject: x\r\n\r\n.a dot-led line\r\n",  # would need quoting
        b".Subject: x\r\n\r\nbody\r\n",  # dot-led first line
    ],
)
def test_anything_needing_normalising_or_quoting_is_not(content: bytes) -> None:
    assert not wire_ready(content)


@pytest.mark.parametrize("address", ["sam@example.org", "sam.o'neil+t2t@mail.example.org"])
def test_bare_addresses(address: str) -> None:
    assert bare_address(address)


@pytest.mark.parametrize(
    "address",
    [
        "Sam <sam@example.org>",
        "sam@example.org> SIZE=1",
        "sam @example.org",
        "sam\t@example.org",
        "sam@example.org\r\nRSET",
        "sám@example.org",
        '"sam"@example.org',
        "a@b,c@d",
        "no-at-sign",
    ],
)
def test_anything_else_goes_through_aiosmtplib(address: str) -> None:
    assert not bare_address(address)

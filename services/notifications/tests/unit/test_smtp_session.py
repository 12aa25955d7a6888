"""What may skip aiosmtplib's parsing and quoting: mime_bytes' output, bare addresses."""

import pytest

from notifications.adapters import mime_bytes
from notifications.adapters.smtp_session import bare_address


def wire_ready(content: bytes) -> bool:
    """CRLF endings only and no dot-led line: what may go after DATA as it is."""
    return (
        content.endswith(b"\r\n")
        and content.count(b"\n") == content.count(b"\r\n")
        and content.count(b"\r") == content.count(b"\r\n")
        and not content.startswith(b".")
        and b"\n." not in content
    )


@pytest.mark.parametrize(
    "body",
    [
        "Hello Sam,\n.\n..a line led by dots\n",
        "a lone CR\rand a lone LF\nand CRLF\r\n.",
        "Ünïcödé, and a long line " + "x" * 5000,
        ".",
    ],
)
def test_what_mime_bytes_writes_is_in_wire_form(body: str) -> None:
    assert mime_bytes.simple("T2T <t2t@t2t.example>", "sam@example.org", "Your referral")
    content = mime_bytes.message_bytes(
        sender="T2T <t2t@t2t.example>",
        to="sam@example.org",
        subject="Your referral",
        text=body,
        html=f"<p>{body}</p>",
        headers={"X-T2T-Reference": "abc"},
    )
    assert wire_ready(content)


def test_a_sender_with_a_line_break_is_left_to_the_email_package() -> None:
    assert not mime_bytes.simple("t2t@t2t.example\r\nBcc: x@y.z", "sam@example.org", "Hi")


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

"""A plain-ASCII email's bytes, written directly: no MIME objects, no generator.

Building the message with the email package's classes and flattening it through its
generator cost about 0.4 ms of CPU a message, on a path that sends one a referral. What we
send is always the same shape (multipart/alternative: text and HTML, UTF-8, base64), so
it is written out here, in the form the generator would give. Anything unusual (a
non-ASCII address, a subject that needs folding or encoding) is left to the email package.

What it writes is in SMTP wire form, so it goes after DATA as it is (`smtp_session`): every
line ends in CRLF (headers are checked for CR and LF, bodies are base64) and no line starts
with a period (base64 has none; header and boundary lines start otherwise).
"""

from __future__ import annotations

import base64
import uuid
from email.utils import formatdate

# Longer than this, a Subject line is folded by the email package (RFC 5322's 78).
_LINE = 78


def simple(sender: str, to: str, subject: str) -> bool:
    """True if the headers need no encoding or folding and `to` is one bare address."""
    return (
        sender.isascii()
        and sender.isprintable()
        and to.isascii()
        and not any(c in to for c in '<>,;"() ')
        and subject.isascii()
        and subject.isprintable()
        and len("Subject: ") + len(subject) <= _LINE
    )


def message_bytes(
    *, sender: str, to: str, subject: str, text: str, html: str, headers: dict[str, str]
) -> bytes:
    """multipart/alternative, text then HTML, each UTF-8 in base64 (as MIMEText writes it).

    The caller has checked the header values (`simple`, and no CR, LF or NUL).
    """
    # '_' is not in the base64 alphabet and '=_' cannot start a base64 line: the boundary
    # never occurs in the body.
    boundary = "=_" + uuid.uuid4().hex
    lines = [
        f'Content-Type: multipart/alternative; boundary="{boundary}"',
        "MIME-Version: 1.0",
        f"From: {sender}",
        f"To: {to}",
        f"Subject: {subject}",
        f"Date: {formatdate(usegmt=True)}",
        *(f"{name}: {value}" for name, value in headers.items()),
        "",
        _part(boundary, "plain", text),
        _part(boundary, "html", html),
        f"--{boundary}--",
        "",
    ]
    return "\r\n".join(lines).encode("ascii")


def _part(boundary: str, subtype: str, body: str) -> str:
    encoded = base64.encodebytes(body.encode("utf-8")).decode("ascii")
    return (
        f"--{boundary}\r\n"
        f'Content-Type: text/{subtype}; charset="utf-8"\r\n'
        "MIME-Version: 1.0\r\n"
        "Content-Transfer-Encoding: base64\r\n"
        "\r\n" + encoded.replace("\n", "\r\n").removesuffix("\r\n")
    )

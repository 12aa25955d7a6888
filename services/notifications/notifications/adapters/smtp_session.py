"""One message in wire form over an open SMTP session: MAIL, RCPT, DATA and the bytes.

aiosmtplib's `sendmail` parses every address with `email.utils.parseaddr` and runs two
regular expressions over the whole message twice (line endings for the SIZE option, then
again with period quoting for DATA): a third of its CPU per message. The bytes
`mime_bytes` writes are already in wire form (CRLF lines, base64 bodies, no line that
starts with a period: by construction; the provider still sends anything with such a line
through `sendmail`, which quotes it) and the addresses are bare and checked, so none of that
is needed.
The commands, replies and errors are aiosmtplib's own, so a refusal, a hang-up or a
timeout reads exactly as it does from `sendmail`.
"""

from __future__ import annotations

import aiosmtplib
from aiosmtplib import SMTPStatus

_UNSAFE_IN_ADDRESS = frozenset('<>,;"()\\[]: ')


def bare_address(address: str) -> bool:
    """An address that goes between <> as it is: ASCII, printable, no specials or spaces."""
    return (
        address.isascii()
        and address.isprintable()
        and "@" in address
        and not any(c in _UNSAFE_IN_ADDRESS for c in address)
    )


async def send_wire(client: aiosmtplib.SMTP, sender: str, to: str, content: bytes) -> None:
    """Send one message in wire form (as `mime_bytes` writes it); both addresses are bare.

    `client.data_sent` (when the client has it) is set before DATA, as `data()` would: after
    that a lost reply leaves the outcome unknown.
    """
    if client.is_ehlo_or_helo_needed:
        try:
            await client.ehlo()
        except aiosmtplib.SMTPHeloError:
            # As sendmail does: a server without ESMTP is greeted with HELO.
            if not client.is_connected:
                raise
            await client.helo()
    options = [f"SIZE={len(content)}".encode()] if client.supports_extension("size") else []
    # No RSET after a refusal, unlike sendmail: the provider quits the session on any error.
    response = await client.execute_command(
        b"MAIL", b"FROM:<" + sender.encode("ascii") + b">", *options
    )
    if response.code != SMTPStatus.completed:
        raise aiosmtplib.SMTPSenderRefused(response.code, response.message, sender)
    response = await client.execute_command(b"RCPT", b"TO:<" + to.encode("ascii") + b">")
    if response.code not in (SMTPStatus.completed, SMTPStatus.will_forward):
        refused = aiosmtplib.SMTPRecipientRefused(response.code, response.message, to)
        raise aiosmtplib.SMTPRecipientsRefused([refused])
    client.data_sent = True  # type: ignore[attr-defined]
    response = await client.execute_command(b"DATA")
    if response.code != SMTPStatus.start_input:
        raise aiosmtplib.SMTPDataError(response.code, response.message)
    response = await _content(client, content)
    if response.code != SMTPStatus.completed:
        raise aiosmtplib.SMTPDataError(response.code, response.message)


async def _content(client: aiosmtplib.SMTP, content: bytes) -> aiosmtplib.SMTPResponse:
    protocol = client.protocol
    if protocol is None:
        raise aiosmtplib.SMTPServerDisconnected("Connection lost")
    try:
        # read_response arms the protocol for the reply before the loop runs again.
        protocol.write(content + b".\r\n")
        return await protocol.read_response(timeout=client.timeout)
    except (aiosmtplib.SMTPServerDisconnected, aiosmtplib.SMTPTimeoutError):
        # As data() does: a reply given up on leaves the session out of step.
        client.close()
        raise

"""SMTP failures as provider errors: the recipient's, ours, or an outage of the relay."""

from __future__ import annotations

import aiosmtplib

from notifications.domain.messages import (
    OutcomeUnknown,
    PermanentProviderError,
    ProviderError,
    ProviderUnavailable,
    TemporaryProviderError,
)

# RFC 5321: the server is closing the channel, whatever the command was.
SERVICE_CLOSING = 421


def smtp_error(exc: Exception, *, data_sent: bool = False) -> ProviderError:
    """Map an aiosmtplib failure to a provider error whose reason holds no address.

    Refusals of the recipient are the recipient's; anything that stops every message
    (no connection, timeouts, our credentials, the server's own errors) is an outage.
    """
    if data_sent and not isinstance(exc, aiosmtplib.SMTPResponseException):
        # The message went but its reply did not come: the relay may have queued it.
        return OutcomeUnknown("SMTP connection lost after DATA", resolvable=False)
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        codes = [refused.code for refused in exc.recipients]
        if SERVICE_CLOSING in codes:
            return ProviderUnavailable("SMTP 421: service not available", "server_error")
        # Permanent only when every refusal is permanent: a 4xx may clear on retry.
        return _by_code(min(codes) if codes else 451, "recipient refused")
    if isinstance(exc, aiosmtplib.SMTPAuthenticationError):
        return ProviderUnavailable(f"SMTP {exc.code}: authentication failed", "authentication")
    if isinstance(exc, aiosmtplib.SMTPSenderRefused):
        return ProviderUnavailable(f"SMTP {exc.code}: sender refused", "server_error")
    if isinstance(exc, aiosmtplib.SMTPDataError):
        if 500 <= exc.code < 600:
            # Recipients were accepted, the content was not: ours to fix, not theirs.
            return PermanentProviderError(f"SMTP {exc.code}: message refused", recipient=False)
        return TemporaryProviderError(f"SMTP {exc.code}: message refused")
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        return ProviderUnavailable(f"SMTP {exc.code}: command refused", "server_error")
    if isinstance(exc, aiosmtplib.SMTPTimeoutError):
        return ProviderUnavailable("SMTP timed out", "timeout")
    if isinstance(exc, aiosmtplib.SMTPConnectError):
        return ProviderUnavailable("SMTP connection failed", "connection_refused")
    if isinstance(exc, aiosmtplib.SMTPServerDisconnected):
        return ProviderUnavailable("SMTP server hung up", "server_error")
    if isinstance(exc, aiosmtplib.SMTPNotSupported):
        return ProviderUnavailable("SMTP server lacks a required extension", "authentication")
    if isinstance(exc, OSError):
        return ProviderUnavailable(
            f"SMTP connection failed ({type(exc).__name__})", "connection_refused"
        )
    if isinstance(exc, ValueError):
        return PermanentProviderError("address cannot be sent over SMTP")
    return ProviderUnavailable(f"SMTP failed ({type(exc).__name__})", "server_error")


def _by_code(code: int, what: str) -> ProviderError:
    # SMTP's own rule: 5yz is a permanent negative reply, 4yz a transient one.
    if 500 <= code < 600:
        return PermanentProviderError(f"SMTP {code}: {what}")
    return TemporaryProviderError(f"SMTP {code}: {what}")

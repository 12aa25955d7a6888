"""Messages handed to delivery providers, and the errors providers raise.

`reference` is our notification id (a UUID string), never personal data: providers
put it in headers and logs so a delivery can be traced without exposing anyone.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OutgoingEmail:
    """A rendered email ready for a provider."""

    to: str
    subject: str
    text: str
    html: str
    reference: str


@dataclass(frozen=True)
class OutgoingSms:
    """A rendered text message; `to` is an E.164 UK mobile number, e.g. +447700900123."""

    to: str
    body: str
    reference: str


@dataclass(frozen=True)
class ProviderReceipt:
    """What a provider told us when it accepted a message."""

    provider: str
    provider_message_id: str | None


class ProviderError(Exception):
    """A provider did not accept a message.

    `reason` is short and safe to log: it never holds addresses, numbers or names,
    which is why providers build it themselves instead of echoing the remote reply.
    """

    permanent: bool = False

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TemporaryProviderError(ProviderError):
    """Try again later with backoff: timeouts, 5xx, 429, connection refused."""

    permanent = False


class PermanentProviderError(ProviderError):
    """Never retry: bad address, validation failure, credentials rejected."""

    permanent = True

"""Messages handed to delivery providers, and the errors providers raise.

`reference` is our notification id (a UUID string), never personal data: providers
put it in headers and logs so a delivery can be traced without exposing anyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# Why a provider is unusable for everyone at once (the reasons of `ProviderPaused`).
OutageKind = Literal[
    "connection_refused", "timeout", "server_error", "rate_limited", "authentication"
]


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
    """This message may go later (e.g. a 4xx refusal of one recipient): retried with backoff."""

    permanent = False


class ProviderUnavailable(TemporaryProviderError):
    """The provider refuses everyone just now (down, slow, throttling, our credentials).

    Not the recipient's fault and not this message's: the provider is paused and the
    message waits, uncounted, until a probe gets through.
    """

    def __init__(self, reason: str, kind: OutageKind) -> None:
        super().__init__(reason)
        self.kind: OutageKind = kind


class PermanentProviderError(ProviderError):
    """Never retry this message.

    `recipient`: the failure is the recipient's (invalid number, hard bounce), which is
    what referrals counts as a failed contact; otherwise ours (a message or setting the
    provider will never take), which is not held against the person.
    """

    permanent = True

    def __init__(self, reason: str, *, recipient: bool = True) -> None:
        super().__init__(reason)
        self.recipient = recipient


class OutcomeUnknown(ProviderError):
    """The provider may or may not have taken the message (a reply lost after sending).

    `resolvable`: the provider can be asked by our reference whether it has it (GOV.UK
    Notify); otherwise (SMTP) it is flagged for a person to follow up and never resent.
    """

    permanent = False

    def __init__(self, reason: str, *, resolvable: bool) -> None:
        super().__init__(reason)
        self.resolvable = resolvable

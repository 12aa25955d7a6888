"""The ports the service layer renders and sends through; adapters implement them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Literal, Protocol, runtime_checkable

from notifications.domain.messages import OutgoingEmail, OutgoingSms, ProviderReceipt
from notifications.domain.rendering import RenderedEmail, RenderedSms


class Renderer(Protocol):
    """Versioned templates (`adapters/templates.py`); a render raises TemplateError."""

    def versions(self, name: str, channel: Literal["email", "sms"]) -> list[int]: ...
    def render_email(
        self, name: str, context: dict[str, Any], version: int | None = None
    ) -> RenderedEmail: ...
    def render_sms(
        self, name: str, context: dict[str, Any], version: int | None = None
    ) -> RenderedSms: ...


@runtime_checkable
class EmailProvider(Protocol):
    """Sends one email; raises TemporaryProviderError or PermanentProviderError."""

    name: str

    async def send_email(self, message: OutgoingEmail) -> ProviderReceipt: ...


@runtime_checkable
class SmsProvider(Protocol):
    """Sends one text message; raises TemporaryProviderError or PermanentProviderError."""

    name: str

    async def send_sms(self, message: OutgoingSms) -> ProviderReceipt: ...


@runtime_checkable
class ReferenceLookup(Protocol):
    """A provider that can say whether it holds a message, by our reference (GOV.UK Notify)."""

    async def find(self, reference: str) -> ProviderReceipt | None: ...


def finder_of(provider: object) -> Callable[[str], Awaitable[ProviderReceipt | None]] | None:
    """The provider's lookup by reference, through any wrappers (a rate limit); else None."""
    while provider is not None:
        if isinstance(provider, ReferenceLookup):
            return provider.find
        provider = getattr(provider, "provider", None)
    return None

"""The ports the service layer sends through; adapters implement them."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from notifications.domain.messages import OutgoingEmail, OutgoingSms, ProviderReceipt


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

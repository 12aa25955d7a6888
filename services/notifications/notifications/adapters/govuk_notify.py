"""GOV.UK Notify providers, on the official (synchronous) notifications-python-client.

Notify sends from templates held in its own dashboard, so we keep one generic template
per channel there and pass our rendered text in as personalisation:

    SMS template body:    ((body))
    Email template:       subject ((subject)), body ((body))

Notify builds its own HTML email from the body, so only our plain-text part is used.
"""

from __future__ import annotations

import asyncio
import re
import threading
from typing import Any, Literal

from notifications_python_client.errors import HTTPError, InvalidResponse
from notifications_python_client.notifications import NotificationsAPIClient

from notifications.adapters.notify_errors import notify_error
from notifications.domain.messages import (
    OutgoingEmail,
    OutgoingSms,
    ProviderReceipt,
    ProviderUnavailable,
)

NOTIFY_BASE_URL = "https://api.notifications.service.gov.uk"
_API_KEY = re.compile(r"^.+-[0-9a-fA-F-]{36}-[0-9a-fA-F-]{36}$")


class _NotifyClient:
    """Runs Notify calls in worker threads, one API client per thread.

    The library's client holds a requests.Session, which is not thread-safe.
    """

    name = "govuk-notify"

    def __init__(
        self, api_key: str, base_url: str = NOTIFY_BASE_URL, timeout: float = 10.0
    ) -> None:
        if not _API_KEY.match(api_key):
            # Deliberately not quoting the key: it is a secret.
            raise ValueError("GOV.UK Notify API key must be {key_name}-{service_id}-{secret}")
        self._api_key = api_key
        self.base_url = base_url
        self.timeout = timeout
        self._local = threading.local()

    async def send(self, channel: Literal["sms", "email"], **fields: Any) -> ProviderReceipt:
        try:
            response = await asyncio.to_thread(self._send, channel, fields)
        except HTTPError as exc:
            # `from None`: Notify's error text may one day quote what we sent.
            raise notify_error(exc) from None
        except InvalidResponse as exc:
            if 200 <= exc.status_code < 300:
                # Notify accepted the message but the body was unreadable: retrying could
                # send it twice, so report success without an id.
                return ProviderReceipt(provider=self.name, provider_message_id=None)
            raise notify_error(exc) from None
        notification_id = response.get("id") if isinstance(response, dict) else None
        return ProviderReceipt(provider=self.name, provider_message_id=notification_id)

    async def find(self, reference: str) -> ProviderReceipt | None:
        """The message Notify holds under our reference, if it has one."""
        try:
            response = await asyncio.to_thread(self._find, reference)
        except (HTTPError, InvalidResponse) as exc:
            error = notify_error(exc)
            raise (
                error
                if isinstance(error, ProviderUnavailable)
                else ProviderUnavailable(error.reason, "server_error")
            ) from None
        found = response.get("notifications") if isinstance(response, dict) else None
        if not found:
            return None
        return ProviderReceipt(provider=self.name, provider_message_id=found[0].get("id"))

    def _find(self, reference: str) -> Any:
        return self._client().get_all_notifications(reference=reference)  # type: ignore[no-untyped-call]

    def _client(self) -> NotificationsAPIClient:
        client: NotificationsAPIClient | None = getattr(self._local, "client", None)
        if client is None:
            # The library ships py.typed without annotations, hence the ignores.
            client = NotificationsAPIClient(  # type: ignore[no-untyped-call]
                self._api_key, base_url=self.base_url, timeout=self.timeout
            )
            self._local.client = client
        return client

    def _send(self, channel: str, fields: dict[str, Any]) -> Any:
        client = self._client()
        if channel == "sms":
            return client.send_sms_notification(**fields)  # type: ignore[no-untyped-call]
        return client.send_email_notification(**fields)  # type: ignore[no-untyped-call]


class NotifySmsProvider:
    """Texts through a Notify template whose body is `((body))`."""

    name: str = "govuk-notify"

    def __init__(
        self,
        api_key: str,
        template_id: str,
        base_url: str = NOTIFY_BASE_URL,
        *,
        timeout: float = 10.0,
    ) -> None:
        self.template_id = template_id
        self._client = _NotifyClient(api_key, base_url, timeout)

    async def find(self, reference: str) -> ProviderReceipt | None:
        return await self._client.find(reference)

    async def send_sms(self, message: OutgoingSms) -> ProviderReceipt:
        return await self._client.send(
            "sms",
            phone_number=message.to,
            template_id=self.template_id,
            personalisation={"body": message.body},
            reference=message.reference,
        )


class NotifyEmailProvider:
    """Emails through a Notify template with subject `((subject))` and body `((body))`."""

    name: str = "govuk-notify"

    def __init__(
        self,
        api_key: str,
        template_id: str,
        base_url: str = NOTIFY_BASE_URL,
        *,
        timeout: float = 10.0,
    ) -> None:
        self.template_id = template_id
        self._client = _NotifyClient(api_key, base_url, timeout)

    async def find(self, reference: str) -> ProviderReceipt | None:
        return await self._client.find(reference)

    async def send_email(self, message: OutgoingEmail) -> ProviderReceipt:
        return await self._client.send(
            "email",
            email_address=message.to,
            template_id=self.template_id,
            personalisation={"subject": message.subject, "body": message.text},
            reference=message.reference,
        )

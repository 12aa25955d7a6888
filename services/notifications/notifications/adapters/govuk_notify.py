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

from notifications_python_client.errors import APIError, HTTPError, InvalidResponse
from notifications_python_client.notifications import NotificationsAPIClient

from notifications.domain.messages import (
    OutgoingEmail,
    OutgoingSms,
    PermanentProviderError,
    ProviderError,
    ProviderReceipt,
    TemporaryProviderError,
)

NOTIFY_BASE_URL = "https://api.notifications.service.gov.uk"
_API_KEY = re.compile(r"^.+-[0-9a-fA-F-]{36}-[0-9a-fA-F-]{36}$")
_ERROR_KIND = re.compile(r"^[A-Za-z]{1,60}$")


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

    def _send(self, channel: str, fields: dict[str, Any]) -> Any:
        client: NotificationsAPIClient | None = getattr(self._local, "client", None)
        if client is None:
            # The library ships py.typed without annotations, hence the ignores.
            client = NotificationsAPIClient(  # type: ignore[no-untyped-call]
                self._api_key, base_url=self.base_url, timeout=self.timeout
            )
            self._local.client = client
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

    async def send_email(self, message: OutgoingEmail) -> ProviderReceipt:
        return await self._client.send(
            "email",
            email_address=message.to,
            template_id=self.template_id,
            personalisation={"subject": message.subject, "body": message.text},
            reference=message.reference,
        )


def notify_error(exc: APIError) -> ProviderError:
    """Map a Notify failure to a provider error whose reason holds no personal data."""
    if exc.response is None:
        # The client reports timeouts and refused connections as a response-less 503.
        return TemporaryProviderError("GOV.UK Notify unreachable or timed out")
    status = exc.status_code
    reason = f"GOV.UK Notify {status}: {_error_kind(exc)}"
    if status in (408, 429) or status >= 500:
        return TemporaryProviderError(reason)
    if 400 <= status < 500:
        # 400 validation (bad number, unknown template), 403 key rejected: retrying won't help.
        return PermanentProviderError(reason)
    return TemporaryProviderError(reason)


def _error_kind(exc: APIError) -> str:
    # Only Notify's error class ("ValidationError", "RateLimitError"), never its message,
    # which can describe the recipient.
    try:
        kind = exc.response.json()["errors"][0]["error"]  # type: ignore[union-attr]
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return "error"
    return kind if isinstance(kind, str) and _ERROR_KIND.match(kind) else "error"

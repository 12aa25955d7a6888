"""GOV.UK Notify's failures as provider errors: whose fault, and whether it is an outage."""

from __future__ import annotations

import re

import requests
from notifications_python_client.errors import APIError
from urllib3.exceptions import NewConnectionError

from notifications.domain.messages import (
    OutcomeUnknown,
    PermanentProviderError,
    ProviderError,
    ProviderUnavailable,
)

_ERROR_KIND = re.compile(r"^[A-Za-z]{1,60}$")


def notify_error(exc: APIError) -> ProviderError:
    """Map a Notify failure to a provider error whose reason holds no personal data.

    Only failures of the recipient fail a message; Notify being down, slow, throttling
    or refusing our key pauses it. A request that may have reached Notify without its
    answer reaching us is an unknown outcome, settled by looking up our reference.
    """
    if exc.response is None:
        return _no_response(exc.__cause__)
    status = exc.status_code
    reason = f"GOV.UK Notify {status}: {_error_kind(exc)}"
    if status == 429:
        return ProviderUnavailable(reason, "rate_limited")
    if status == 408:
        return ProviderUnavailable(reason, "timeout")
    if status in (401, 403):
        return ProviderUnavailable(reason, "authentication")
    if status >= 500 or status < 400:
        return ProviderUnavailable(reason, "server_error")
    # 400: the recipient's number or address is refused, or something of ours is (the
    # template, the personalisation), which is not held against the person.
    return PermanentProviderError(reason, recipient=status == 400 and _about_recipient(exc))


def _no_response(cause: BaseException | None) -> ProviderError:
    if isinstance(cause, requests.ConnectTimeout):
        return ProviderUnavailable("GOV.UK Notify timed out connecting", "timeout")
    if isinstance(cause, requests.ConnectionError) and _never_connected(cause):
        return ProviderUnavailable("GOV.UK Notify refused the connection", "connection_refused")
    # A read timeout or a connection lost after the request went: Notify may have it.
    return OutcomeUnknown("GOV.UK Notify did not answer", resolvable=True)


def _never_connected(exc: requests.ConnectionError) -> bool:
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return isinstance(reason, NewConnectionError) or isinstance(exc.args[0], NewConnectionError)


def _about_recipient(exc: APIError) -> bool:
    # Read, never repeated: Notify's message names the field and may quote its value.
    try:
        errors = exc.response.json()["errors"]  # type: ignore[union-attr]
        text = " ".join(str(e.get("message", "")) for e in errors)
    except (ValueError, KeyError, TypeError, AttributeError):
        return False
    return any(field in text for field in ("phone_number", "email_address", "recipient"))


def _error_kind(exc: APIError) -> str:
    # Only Notify's error class ("ValidationError", "RateLimitError"), never its message,
    # which can describe the recipient.
    try:
        kind = exc.response.json()["errors"][0]["error"]  # type: ignore[union-attr]
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return "error"
    return kind if isinstance(kind, str) and _ERROR_KIND.match(kind) else "error"

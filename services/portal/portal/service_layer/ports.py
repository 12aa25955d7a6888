"""What the portal's use cases need of the services' public APIs: a caller per service, and
the named failures every page knows how to explain. The HTTP client is in adapters/api.py."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol


class ServiceCaller(Protocol):
    """One service's API: the decoded JSON of a 2xx, an `ApiError` subclass for the rest."""

    async def call(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any: ...


class ServiceApis(Protocol):
    """The services the staff pages read from."""

    @property
    def referrals(self) -> ServiceCaller: ...

    @property
    def groups(self) -> ServiceCaller: ...

    @property
    def notifications(self) -> ServiceCaller: ...


class ApiError(Exception):
    """A service answered with an error (or not at all)."""

    def __init__(self, service: str, status: int, detail: str, body: Any = None) -> None:
        super().__init__(f"{service} answered {status}: {detail}")
        self.service = service
        self.status = status
        self.detail = detail
        self.body = body


class ServiceUnavailable(ApiError):
    """Nothing answered, it timed out, or it answered 5xx: "try again later"."""


class Unauthorised(ApiError):
    """401: the token is missing or has expired (sign in again)."""


class Forbidden(ApiError):
    """403: the signed-in role or areas do not allow this."""


class NotFound(ApiError):
    """404."""


class Conflict(ApiError):
    """409: the service refused the move (e.g. an illegal transition); `detail` says why."""


class Gone(ApiError):
    """410: expired."""


class TooManyRequests(ApiError):
    """429: rate limited; `retry_after` seconds."""

    retry_after: int = 60


@dataclass(frozen=True)
class FieldError:
    field: str
    reason: str


class Invalid(ApiError):
    """422: each field the service named and why."""

    @property
    def errors(self) -> list[FieldError]:
        found = self.body.get("errors", []) if isinstance(self.body, dict) else []
        return [
            FieldError(str(e.get("field", "")), str(e.get("reason", "")))
            for e in found
            if isinstance(e, dict)
        ]

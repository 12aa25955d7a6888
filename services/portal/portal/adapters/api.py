"""The services' public HTTP APIs, as the portal calls them: every failure becomes a named
exception the pages know how to explain (never a stack trace)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import httpx

# The failures are the use cases' port (service_layer/ports.py); the pages import them from here
# too, beside the client that raises them.
from portal.service_layer.ports import (
    ApiError as ApiError,
)
from portal.service_layer.ports import (
    Conflict as Conflict,
)
from portal.service_layer.ports import (
    FieldError as FieldError,
)
from portal.service_layer.ports import (
    Forbidden as Forbidden,
)
from portal.service_layer.ports import (
    Gone as Gone,
)
from portal.service_layer.ports import (
    Invalid as Invalid,
)
from portal.service_layer.ports import (
    NotFound as NotFound,
)
from portal.service_layer.ports import (
    ServiceUnavailable as ServiceUnavailable,
)
from portal.service_layer.ports import (
    TooManyRequests as TooManyRequests,
)
from portal.service_layer.ports import (
    Unauthorised as Unauthorised,
)

log = logging.getLogger(__name__)

# The browser's address (after the portal's own trusted proxies), forwarded to the services
# whose public forms rate-limit per client; they trust it only from their allowed proxies.
client_address: ContextVar[str | None] = ContextVar("client_address", default=None)


_BY_STATUS: dict[int, type[ApiError]] = {
    401: Unauthorised,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    410: Gone,
    422: Invalid,
    429: TooManyRequests,
}


@dataclass
class ServiceApi:
    """One service's API over one pooled httpx client."""

    name: str
    client: httpx.AsyncClient
    headers: Mapping[str, str] = field(default_factory=dict)

    async def call(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """The decoded JSON answer of a 2xx; an `ApiError` subclass for anything else."""
        sent = dict(headers or {})
        if token:
            sent["Authorization"] = f"Bearer {token}"
        browser = client_address.get()
        if browser:
            sent.setdefault("X-Forwarded-For", browser)
        try:
            response = await self.client.request(
                method, path, json=json, params=_clean(params), headers=sent
            )
        except httpx.HTTPError as exc:
            log.warning(
                "service unreachable", extra={"service": self.name, "error": type(exc).__name__}
            )
            raise ServiceUnavailable(self.name, 503, "no answer") from exc
        if response.is_success:
            return response.json() if response.content else None
        raise _error(self.name, response)

    async def healthy(self) -> bool:
        try:
            return (await self.client.get("/healthz")).status_code == 200
        except httpx.HTTPError:
            return False


def _clean(params: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if params is None:
        return None
    return {k: v for k, v in params.items() if v not in (None, "")}


def _error(service: str, response: httpx.Response) -> ApiError:
    try:
        body = response.json()
    except ValueError:
        body = None
    detail = body.get("detail") if isinstance(body, dict) else None
    text = detail if isinstance(detail, str) else response.reason_phrase
    status = response.status_code
    if status >= 500:
        log.warning("service failed", extra={"service": service, "status": status})
        return ServiceUnavailable(service, status, text, body)
    error = _BY_STATUS.get(status, ApiError)(service, status, text, body)
    if isinstance(error, TooManyRequests):
        retry = response.headers.get("Retry-After", "60")
        error.retry_after = int(retry) if retry.isdigit() else 60
    return error


@dataclass
class Apis:
    referrals: ServiceApi
    groups: ServiceApi
    volunteers: ServiceApi
    notifications: ServiceApi

    def all(self) -> list[ServiceApi]:
        return [self.referrals, self.groups, self.volunteers, self.notifications]

    async def close(self) -> None:
        for api in self.all():
            await api.client.aclose()


def make_apis(
    urls: Mapping[str, str],
    timeout_s: float,
    transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
) -> Apis:
    """`transports` replaces the network for a service (unit tests answer in memory)."""

    def one(name: str) -> ServiceApi:
        transport = (transports or {}).get(name)
        client = httpx.AsyncClient(base_url=urls[name], timeout=timeout_s, transport=transport)
        return ServiceApi(name, client)

    return Apis(*(one(n) for n in ("referrals", "groups", "volunteers", "notifications")))

"""Unit-test helpers: a portal whose services answer in memory, and a signed-in client."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import httpx
from fastapi.testclient import TestClient

from portal.bootstrap import bootstrap
from portal.config import Settings
from portal.entrypoints.app import create_app

Handler = Callable[[httpx.Request], httpx.Response]


def portal(handlers: Mapping[str, Handler] | None = None, **settings: Any) -> TestClient:
    """A TestClient on the portal; each service's API is answered by `handlers[name]`
    (a service without a handler answers 503, as if it were down)."""

    def down(_: httpx.Request) -> httpx.Response:
        return httpx.Response(503, json={"detail": "down"})

    transports = {
        name: httpx.MockTransport((handlers or {}).get(name, down))
        for name in ("referrals", "groups", "volunteers", "notifications")
    }
    config = Settings(environment=settings.pop("environment", "development"), **settings)
    return TestClient(create_app(bootstrap(config, transports=transports)))


def csrf(client: TestClient, path: str = "/sign-in") -> str:
    """The session's CSRF token, read from a page's form."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert found, f"no CSRF field on {path}"
    return found.group(1)


def sign_in(
    client: TestClient,
    role: str,
    areas: tuple[str, ...] = ("leeds",),
    *,
    ods_code: str = "",
    volunteer_id: str = "",
    name: str = "Test User",
) -> None:
    """Sign in through the dev sign-in form, as a person would."""
    answer = client.post(
        "/sign-in/dev",
        data={
            "csrf_token": csrf(client),
            "role": role,
            "areas": list(areas),
            "ods_code": ods_code,
            "volunteer_id": volunteer_id,
            "name": name,
            "next": "/",
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text


def bearer(request: httpx.Request) -> str:
    """The bearer token the portal sent to a service."""
    return request.headers.get("authorization", "").removeprefix("Bearer ")


def title(*parts: str) -> str:
    """The <title> element as the portal writes it: parts joined by en dashes, service last."""
    return "<title>" + " \N{EN DASH} ".join((*parts, "Type 2 Together")) + "</title>"

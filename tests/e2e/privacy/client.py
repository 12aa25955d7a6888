"""The scenario's way into the stack: each service's public HTTP API, with a token per role."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.fixtures.services import auth


@functools.cache
def headers_for(role: str) -> dict[str, str]:
    """Made on first use, not at import: how tokens are signed is the fixtures' business."""
    if role == "referrer":
        return auth("referrer", ["leeds"], ods_code="B82005")
    if role == "coordinator":
        return auth("coordinator", ["leeds", "kirklees"])
    return auth(role, ["*"])


class Unexpected(AssertionError):
    """A service answered what the scenario did not expect; the message says what."""


@dataclass
class Api:
    urls: Mapping[str, str]
    client: httpx.AsyncClient = field(default_factory=lambda: httpx.AsyncClient(timeout=30))
    # Every answer to a refused request, by label: searched for canaries like any other place.
    refusals: dict[str, str] = field(default_factory=dict)

    async def call(
        self,
        method: str,
        service: str,
        path: str,
        *,
        role: str | None = "coordinator",
        json: Any = None,
        content: str | None = None,
        expect: tuple[int, ...] = (200, 201, 202, 204),
    ) -> Any:
        response = await self.raw(method, service, path, role=role, json=json, content=content)
        if response.status_code not in expect:
            raise Unexpected(f"{method} {service}{path}: {response.status_code} {response.text}")
        return response.json() if response.content else None

    async def raw(
        self,
        method: str,
        service: str,
        path: str,
        *,
        role: str | None = "coordinator",
        json: Any = None,
        content: str | None = None,
        params: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        headers = dict(headers_for(role)) if role else {}
        if content is not None:
            headers["Content-Type"] = "application/json"
        return await self.client.request(
            method,
            self.urls[service] + path,
            json=json,
            content=content,
            params=params,
            headers=headers,
        )

    async def until(
        self, method: str, service: str, path: str, *, within: float = 90, **kwargs: Any
    ) -> Any:
        """Repeat a call until it succeeds: it waits on another service's event."""
        deadline = asyncio.get_running_loop().time() + within
        while True:
            try:
                return await self.call(method, service, path, **kwargs)
            except Unexpected:
                if asyncio.get_running_loop().time() > deadline:
                    raise
                await asyncio.sleep(0.2)

    async def aclose(self) -> None:
        await self.client.aclose()

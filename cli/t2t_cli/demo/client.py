"""The demo's only way in: the services' public HTTP APIs, with a dev token per role."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from t2t_shared.auth import MAX_TOKEN_LIFETIME_S, issue_token
from t2t_shared.auth.platform import platform_signing_key
from t2t_shared.settings import PlatformSettings


class DemoError(RuntimeError):
    """A service answered something the demo did not expect: stop and say what."""


@dataclass(frozen=True)
class Endpoints:
    referrals: str = "http://127.0.0.1:8001"
    groups: str = "http://127.0.0.1:8002"
    volunteers: str = "http://127.0.0.1:8003"
    notifications: str = "http://127.0.0.1:8004"
    ops: str = "http://127.0.0.1:8000"

    @classmethod
    def local(cls, host: str, ports: Mapping[str, int]) -> Endpoints:
        known = {name: port for name, port in ports.items() if name in cls.__dataclass_fields__}
        return cls(**{name: f"http://{host}:{port}" for name, port in known.items()})


@dataclass
class Api:
    """HTTP calls with the right token; `concurrency` bounds requests in flight."""

    endpoints: Endpoints
    settings: PlatformSettings
    concurrency: int = 16
    _client: httpx.AsyncClient = field(init=False)
    _gate: asyncio.Semaphore = field(init=False)
    _tokens: dict[tuple[str, str | None], tuple[str, float]] = field(default_factory=dict)

    async def __aenter__(self) -> Api:
        # uvicorn drops a connection idle for 5 s; reusing one it is closing fails the call
        # (httpx.ReadError), so idle connections are let go sooner than that.
        self._client = httpx.AsyncClient(timeout=30.0, limits=httpx.Limits(keepalive_expiry=2.0))
        self._gate = asyncio.Semaphore(self.concurrency)
        return self

    async def __aexit__(self, *_: object) -> None:
        await self._client.aclose()

    def token(self, role: str, ods_code: str | None = None) -> str:
        key = (role, ods_code)
        cached = self._tokens.get(key)
        # Tokens live an hour at most; a long run mints a new one well before that.
        if cached is None or time.monotonic() - cached[1] > MAX_TOKEN_LIFETIME_S / 2:
            token = issue_token(
                platform_signing_key(self.settings),
                role=role,  # type: ignore[arg-type]
                areas=["*"],
                subject=f"demo-{role}",
                ods_code=ods_code,
                issuer=self.settings.jwt_issuer,
            )
            cached = self._tokens[key] = (token, time.monotonic())
        return cached[0]

    async def call(
        self,
        method: str,
        service: str,
        path: str,
        *,
        role: str | None = "coordinator",
        ods_code: str | None = None,
        json: Any = None,
        content: bytes | None = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        expect: tuple[int, ...] = (200, 201, 202, 204),
        wait_while: tuple[int, ...] = (),
        within_s: float = 60.0,
    ) -> Any:
        """One call; while it answers a `wait_while` status (another service's event has not
        arrived yet), it is retried for up to `within_s` seconds."""
        all_headers = dict(headers or {})
        if role:
            all_headers["Authorization"] = f"Bearer {self.token(role, ods_code)}"
        url = getattr(self.endpoints, service) + path
        deadline = asyncio.get_running_loop().time() + within_s
        while True:
            async with self._gate:
                response = await self._client.request(
                    method, url, json=json, content=content, params=params, headers=all_headers
                )
            if response.status_code in expect:
                return response.json() if response.content else None
            if response.status_code in wait_while and asyncio.get_running_loop().time() < deadline:
                await asyncio.sleep(0.5)
                continue
            raise DemoError(
                f"{method} {service}{path} answered {response.status_code}: {response.text[:300]}"
            )

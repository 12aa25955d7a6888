"""The workload's way in: the demo's API client, spread over replicas and patient with faults.

A call that meets a dead replica, a stopped database or a broken connection is tried again
on the next replica until ``deadline_s``: the workload is the platform's users, who retry.
Only what the service answers on purpose (a 4xx, or success) ends a call.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from t2t_cli.demo.client import Api, DemoError

RETRIED_STATUSES = (500, 502, 503, 504)


@dataclass
class ChaosApi(Api):
    replicas: Mapping[str, list[str]] = field(default_factory=dict)
    deadline_s: float = 600.0
    retried: int = 0
    _turn: Any = field(default_factory=lambda: itertools.count())

    async def __aenter__(self) -> ChaosApi:
        await super().__aenter__()
        return self

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
        all_headers = dict(headers or {})
        if role:
            all_headers["Authorization"] = f"Bearer {self.token(role, ods_code)}"
        urls = self.replicas[service]
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.deadline_s
        waited_until = loop.time() + within_s
        while True:
            url = urls[next(self._turn) % len(urls)] + path
            try:
                async with self._gate:
                    response = await self._client.request(
                        method, url, json=json, content=content, params=params, headers=all_headers
                    )
            except httpx.TransportError as exc:
                failure = f"{type(exc).__name__}"
            else:
                if response.status_code in expect:
                    return response.json() if response.content else None
                waiting = response.status_code in wait_while and loop.time() < waited_until
                if not waiting and response.status_code not in RETRIED_STATUSES:
                    raise DemoError(
                        f"{method} {service}{path} answered {response.status_code}: "
                        f"{response.text[:300]}"
                    )
                failure = str(response.status_code)
            if loop.time() > deadline:
                raise DemoError(f"{method} {service}{path} kept failing ({failure})")
            self.retried += 1
            await asyncio.sleep(0.5)

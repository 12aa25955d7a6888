"""Each API service on a real local port over the test PostgreSQL and broker, for schemathesis."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx
import uvicorn

from t2t_cli.stack.common import free_port
from tests.fixtures.services import Infra, eventually, unique_prefix

SERVICES = ("referrals", "groups", "volunteers", "notifications", "ops")


@dataclass(frozen=True)
class Served:
    service: str
    url: str


@asynccontextmanager
async def serving(infra: Infra, service: str) -> AsyncIterator[Served]:
    """The service's own app (bootstrap, settings, migrations) on a free port; stopped after."""
    config = importlib.import_module(f"{service}.config")
    bootstrap = importlib.import_module(f"{service}.bootstrap").bootstrap
    create_app = importlib.import_module(f"{service}.entrypoints.app").create_app
    url = await infra.migrated_database(service)
    settings = config.Settings(**infra.settings_kwargs(url, unique_prefix()))
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(bootstrap(settings)),
            host="127.0.0.1",
            port=port,
            log_config=None,
            access_log=False,
        )
    )
    task = asyncio.create_task(server.serve())
    await eventually(lambda: server.started, within=60)
    base = f"http://127.0.0.1:{port}"
    # Ready (consumers joined, broker reached) before fuzzing: a 503 from /readyz while
    # starting is the truth, not a finding.
    await eventually(lambda: _ready(base), within=90, every=0.5)
    try:
        yield Served(service, base)
    finally:
        server.should_exit = True
        with contextlib.suppress(Exception):
            await asyncio.wait_for(task, 20)


async def _ready(base: str) -> bool:
    async with httpx.AsyncClient() as client:
        return (await client.get(f"{base}/readyz")).status_code == 200

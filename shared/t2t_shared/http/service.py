"""A service's FastAPI app with its runtime and background workers tied to its lifespan."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Protocol

from fastapi import FastAPI

from t2t_shared.auth.platform import jwks_verifier
from t2t_shared.http.app import create_service_app
from t2t_shared.http.requests import BodyLimits
from t2t_shared.runtime import ServiceRuntime


class Worker(Protocol):
    """Background work that runs as long as the service (e.g. a dispatcher)."""

    async def run(self) -> None: ...

    async def close(self) -> None: ...


def service_app(
    *,
    title: str,
    description: str,
    version: str,
    runtime: ServiceRuntime,
    container: object,
    workers: Sequence[Worker] = (),
    public_forms: Sequence[str] = (),
) -> FastAPI:
    """Start the runtime (relay, consumers) and the workers with the app; stop them after.

    `public_forms`: path patterns (regular expressions) of anonymous endpoints, held to
    the small body limit.
    """

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        async with runtime.running():
            tasks = [asyncio.create_task(worker.run()) for worker in workers]
            try:
                yield
            finally:
                for task in tasks:
                    task.cancel()
                for task in tasks:
                    with contextlib.suppress(asyncio.CancelledError):
                        await task
                for worker in workers:
                    await worker.close()

    settings = runtime.settings
    app = create_service_app(
        title=title,
        description=description,
        version=version,
        auth=jwks_verifier(settings, settings.audience),
        readiness=runtime.readiness,
        lifespan=lifespan,
        production=settings.environment == "production",
        metrics_port=settings.metrics_port,
        body_limits=BodyLimits(small_paths=tuple(public_forms)),
        areas=settings.area_enum,
    )
    app.state.container = container
    return app

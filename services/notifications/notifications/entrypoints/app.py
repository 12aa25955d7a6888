"""The notifications HTTP app (uvicorn factory: `notifications.entrypoints.app:create_app`)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from notifications.bootstrap import Container, bootstrap
from notifications.entrypoints.api import router
from t2t_shared.http.app import AuthConfig, create_service_app

DESCRIPTION = """
Turns the platform's events into the emails and texts people, referrers and volunteers
need: each sent at most once per event, recipient and template, with every attempt kept.
Operations read the history here (role `ops` or `admin`); addresses are never shown.
"""


def create_app(container: Container | None = None) -> FastAPI:
    container = container or bootstrap()
    settings = container.settings

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        async with container.runtime.running():
            task = asyncio.create_task(container.dispatcher.run(), name="dispatcher")
            try:
                yield
            finally:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
                await container.dispatcher.close()

    app = create_service_app(
        title="Type 2 Together — notifications",
        description=DESCRIPTION,
        version="1.0.0",
        auth=AuthConfig(settings.jwt_secret.get_secret_value(), settings.jwt_issuer),
        readiness=container.runtime.readiness,
        lifespan=lifespan,
    )
    app.state.container = container
    app.include_router(router)
    return app

"""The groups HTTP app (uvicorn factory: `groups.entrypoints.app:create_app`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from groups.bootstrap import Container, bootstrap
from t2t_shared.http.app import AuthConfig, create_service_app

DESCRIPTION = """
Peer support groups: venues, schedules, places, waiting lists, sessions and attendance.
This release runs the service's platform (health, readiness, metrics, its database and
topics); the group model arrives with the groups issue.
"""


def create_app(container: Container | None = None) -> FastAPI:
    container = container or bootstrap()
    settings = container.settings

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        async with container.runtime.running():
            yield

    app = create_service_app(
        title="Type 2 Together — groups",
        description=DESCRIPTION,
        version="0.1.0",
        auth=AuthConfig(settings.jwt_secret.get_secret_value(), settings.jwt_issuer),
        readiness=container.runtime.readiness,
        lifespan=lifespan,
    )
    app.state.container = container
    return app

"""The groups HTTP app (uvicorn factory: `groups.entrypoints.app:create_app`)."""

from __future__ import annotations

from fastapi import FastAPI

from groups.bootstrap import Container, bootstrap
from t2t_shared.http.service import service_app

DESCRIPTION = """
Peer support groups: venues, schedules, places, waiting lists, sessions and attendance.
This release runs the service's platform (health, readiness, metrics, its database and
topics); the group model arrives with the groups issue.
"""


def create_app(container: Container | None = None) -> FastAPI:
    container = container or bootstrap()
    app = service_app(
        title="Type 2 Together — groups",
        description=DESCRIPTION,
        version="0.1.0",
        runtime=container.runtime,
        container=container,
    )
    return app

"""The volunteers HTTP app (uvicorn factory: `volunteers.entrypoints.app:create_app`)."""

from __future__ import annotations

from fastapi import FastAPI

from t2t_shared.http.service import service_app
from volunteers.bootstrap import Container, bootstrap

DESCRIPTION = """
Volunteer facilitators: applications, screening, training and support.
This release runs the service's platform (health, readiness, metrics, its database and
topics); the volunteer pipeline arrives with the volunteers issue.
"""


def create_app(container: Container | None = None) -> FastAPI:
    container = container or bootstrap()
    app = service_app(
        title="Type 2 Together — volunteers",
        description=DESCRIPTION,
        version="0.1.0",
        runtime=container.runtime,
        container=container,
    )
    return app

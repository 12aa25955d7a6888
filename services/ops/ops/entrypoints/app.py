"""The ops HTTP app (uvicorn factory: `ops.entrypoints.app:create_app`)."""

from __future__ import annotations

from fastapi import FastAPI

from ops.bootstrap import Container, bootstrap
from t2t_shared.http.service import service_app

DESCRIPTION = """
Operations console: live event feed, funnel per area and source, capacity, volunteers,
notifications, consumer lag in messages and time, and DLQ redrive. Never shows personal data.
"""


def create_app(container: Container | None = None) -> FastAPI:
    container = container or bootstrap()
    app = service_app(
        title="Type 2 Together — ops",
        description=DESCRIPTION,
        version="0.1.0",
        runtime=container.runtime,
        container=container,
    )
    return app

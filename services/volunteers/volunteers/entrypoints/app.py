"""The volunteers HTTP app (uvicorn factory: `volunteers.entrypoints.app:create_app`)."""

from __future__ import annotations

from fastapi import FastAPI

from t2t_shared.http.service import service_app
from volunteers.bootstrap import Container, bootstrap
from volunteers.entrypoints import actions_api, applications_api, training_api, volunteers_api

DESCRIPTION = """
Volunteer facilitators live with type 2 diabetes and lead the peer groups. This service
takes them from the public application through screening (two references, a DBS check)
and training to leading groups, and keeps their training and DBS in date.

Pipeline: `applied → screening → training → trained → active ⇄ paused → left`.

`POST /applications` is public (rate limited). Everything else takes a bearer JWT
(`t2t token --role coordinator --area leeds` in development); coordinators act only in
their areas.
"""


def create_app(container: Container | None = None) -> FastAPI:
    container = container or bootstrap()
    app = service_app(
        title="Type 2 Together — volunteers",
        description=DESCRIPTION,
        version="1.0.0",
        runtime=container.runtime,
        container=container,
        workers=container.workers(),
        public_forms=[r"/applications"],
    )
    app.include_router(applications_api.router)
    app.include_router(volunteers_api.router)
    app.include_router(actions_api.router)
    app.include_router(training_api.router)
    return app

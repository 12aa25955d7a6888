"""The notifications HTTP app (uvicorn factory: `notifications.entrypoints.app:create_app`)."""

from __future__ import annotations

from fastapi import FastAPI

from notifications.bootstrap import Container, bootstrap
from notifications.entrypoints import (
    callbacks_api,
    notifications_api,
    preferences_api,
    templates_api,
)
from t2t_shared.http.service import service_app

DESCRIPTION = """
Turns the platform's events into the emails and texts people, referrers and volunteers
need: each sent at most once per event, recipient and template, with every attempt kept.
Operations read the history here (role `ops` or `admin`); addresses are never shown.
Coordinators preview templates and set recipients' preferences; GOV.UK Notify posts its
delivery receipts to `/callbacks/notify`.
"""


def create_app(container: Container | None = None) -> FastAPI:
    container = container or bootstrap()
    app = service_app(
        title="Type 2 Together — notifications",
        description=DESCRIPTION,
        version="1.0.0",
        runtime=container.runtime,
        container=container,
        workers=[container.dispatcher, container.housekeeping],
        public_forms=[r"/callbacks/notify"],
    )
    for module in (notifications_api, templates_api, preferences_api, callbacks_api):
        app.include_router(module.router)
    return app

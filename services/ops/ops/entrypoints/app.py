"""The ops HTTP app (uvicorn factory: `ops.entrypoints.app:create_app`)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from ops.bootstrap import bootstrap
from ops.container import Container
from ops.entrypoints import (
    console_api,
    dlq_api,
    practices_api,
    projections_api,
    report_api,
    report_chart_api,
    report_pages,
)
from ops.entrypoints.signin_pages import OpsSignInPages
from t2t_shared.http.service import service_app
from t2t_shared.signin import install_signin

STATIC = Path(__file__).parent / "static"

DESCRIPTION = """
Operations console: live event feed, funnel per area and source, capacity, volunteers,
notifications, consumer lag in messages and time, and DLQ redrive. Never shows personal data.

The page is served at `/`; staff sign in at `/sign-in` (the platform's OIDC sign-in, or the
dev sign-in in development) and the page then calls `/api/*` with the session's bearer token
of role `ops` or `admin`. Scripts call `/api/*` with their own token (`t2t token --role ops`).
"""


def create_app(container: Container | None = None) -> FastAPI:
    container = container or bootstrap()
    app = service_app(
        title="Type 2 Together — ops",
        description=DESCRIPTION,
        version="0.1.0",
        runtime=container.runtime,
        container=container,
        workers=container.workers,
    )
    install_signin(app, container.settings, OpsSignInPages(), expose_token=True)
    # The ports the report pages and charts read (see ops.domain.area_report).
    app.state.area_reports = container.area_reports
    app.state.lag_history = container.lag_history
    app.include_router(console_api.router)
    app.include_router(dlq_api.router)
    # Reports read `app.state.area_reports` and `app.state.lag_history` (503 without them).
    app.include_router(report_api.router)
    app.include_router(report_chart_api.router)
    app.include_router(report_pages.router)
    app.include_router(practices_api.router)
    app.include_router(projections_api.router)
    # The page and its scripts are plain files: nothing to build, nothing from a CDN.
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    async def page(request: Request) -> Response:
        if report_pages.lands_on_reports(request):
            return RedirectResponse("/reports", status_code=303)
        return FileResponse(STATIC / "index.html")

    return app

"""The groups HTTP app (uvicorn factory: `groups.entrypoints.app:create_app`)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from groups.bootstrap import Container, bootstrap
from groups.domain.errors import Conflict, IllegalTransition, NotFound, RuleBroken
from groups.entrypoints import (
    attendance_api,
    groups_api,
    members_api,
    offers_api,
    placements_api,
    sessions_api,
)
from t2t_shared.http.service import service_app

DESCRIPTION = """
Peer support groups: venues, schedules, places, waiting lists, sessions and attendance.

Groups places every person whose referral is accepted: in the nearest open group of their
area with a free place (honouring a preference for in-person or online), or on the area's
waiting list, first referred first offered. A freed place goes to the head of the list at
once. See `GET /placements/{referral_id}` for the rules in full.

Authenticate with a bearer JWT (`t2t token --role coordinator --area leeds` in
development). Coordinators act in their own areas; `ops` reads.
"""


def create_app(container: Container | None = None) -> FastAPI:
    container = container or bootstrap()
    app = service_app(
        title="Type 2 Together — groups",
        description=DESCRIPTION,
        version="1.0.0",
        runtime=container.runtime,
        container=container,
        workers=container.workers,
        public_forms=[r"/offers/[^/]+"],
    )
    routers = (
        groups_api.router,
        members_api.router,
        placements_api.router,
        sessions_api.router,
        attendance_api.router,
        offers_api.router,
    )
    for router in routers:
        app.include_router(router)
    install_rule_errors(app)
    return app


def install_rule_errors(app: FastAPI) -> None:
    """The domain's refusals as clear 4xx answers: the field and reason, or the state."""

    @app.exception_handler(RuleBroken)
    async def rule_broken(_: Request, exc: RuleBroken) -> JSONResponse:
        error = {"field": exc.field, "reason": exc.reason, "type": exc.kind}
        return JSONResponse(
            status_code=422, content={"detail": "The request is not valid", "errors": [error]}
        )

    @app.exception_handler(IllegalTransition)
    async def illegal(_: Request, exc: IllegalTransition) -> JSONResponse:
        return JSONResponse(
            status_code=409, content={"detail": str(exc), "current_state": exc.current}
        )

    @app.exception_handler(Conflict)
    async def conflict(_: Request, exc: Conflict) -> JSONResponse:
        return JSONResponse(status_code=409, content={"detail": str(exc)})

    @app.exception_handler(NotFound)
    async def not_found(_: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse(status_code=404, content={"detail": str(exc)})

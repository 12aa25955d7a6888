"""The FastAPI app every service starts from: health, readiness, metrics, docs, errors."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, Literal

from fastapi import Depends, FastAPI, Response
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    Counter,
    Histogram,
    generate_latest,
    start_http_server,
)
from pydantic import BaseModel, Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from t2t_shared.auth import TokenVerifier
from t2t_shared.http.access import document_access
from t2t_shared.http.areas import known_areas
from t2t_shared.http.errors import install_error_handlers
from t2t_shared.http.openapi import install_openapi
from t2t_shared.http.requests import BodyLimits, RequestContext
from t2t_shared.http.security import Public
from t2t_shared.http.unavailable import briefly_unavailable, unavailable_response
from t2t_shared.http.unstorable import unstorable_text, unstorable_text_response

log = logging.getLogger(__name__)

REQUESTS = Counter("t2t_http_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram("t2t_http_request_seconds", "HTTP request latency", ["method", "route"])

ReadinessCheck = Callable[[], Awaitable[dict[str, bool]]]


class Readiness(BaseModel):
    """The readiness probe's answer, ready (200) or not (503)."""

    status: Literal["ready", "not ready"]
    checks: dict[str, bool] = Field(
        description="Each dependency checked and whether it answered", examples=[{"database": True}]
    )


class MeasuredRequests:
    """Counts and times requests, and answers an unhandled error itself.

    Plain ASGI rather than `@app.middleware("http")`: Starlette's BaseHTTPMiddleware runs
    every request through an extra task and stream, which showed in profiles.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500
        response_started = False

        async def sending(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                status, response_started = message["status"], True
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception as exc:
            if not response_started and unstorable_text(exc):
                await unstorable_text_response(scope)(scope, receive, send)
                return
            if not response_started and briefly_unavailable(exc):
                log.warning(
                    "infrastructure unavailable",
                    extra={"path": scope["path"], "error": type(exc).__name__},
                )
                await unavailable_response()(scope, receive, send)
                return
            # Answered here, so no traceback (which may quote personal data) reaches a log.
            log.error("unhandled error", extra={"path": scope["path"], "error": type(exc).__name__})
            if not response_started:
                await _unexpected_error_response(scope)(scope, receive, send)
        finally:
            route = getattr(scope.get("route"), "path", "unmatched")
            REQUESTS.labels(scope["method"], route, str(status)).inc()
            LATENCY.labels(scope["method"], route).observe(time.perf_counter() - started)


ErrorPage = Callable[[Scope], Response]


def _unexpected_error_response(scope: Scope) -> Response:
    """JSON for an API; an app that serves people sets `app.state.error_page` instead."""
    page: ErrorPage | None = getattr(getattr(scope.get("app"), "state", None), "error_page", None)
    if page is not None:
        return page(scope)
    return JSONResponse(
        status_code=500, content={"detail": "Something went wrong on our side; try again."}
    )


def create_service_app(
    *,
    title: str,
    description: str,
    version: str,
    auth: TokenVerifier,
    readiness: ReadinessCheck,
    lifespan: Callable[[FastAPI], AbstractAsyncContextManager[None]] | None = None,
    production: bool = False,
    metrics_port: int | None = None,
    body_limits: BodyLimits | None = None,
    areas: Sequence[str] = (),
) -> FastAPI:
    """In production `/docs`, `/redoc` and `/openapi.json` are not served at all, and
    `/metrics` moves off the public port to `metrics_port` (an internal one)."""

    @asynccontextmanager
    async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with internal_metrics(metrics_port if production else None):
            if lifespan is None:
                yield
            else:
                async with lifespan(app):
                    yield

    common: dict[str, Any] = {
        "title": title,
        "description": description,
        "version": version,
        "lifespan": _lifespan,
        "dependencies": [Depends(known_areas(areas))] if areas else None,
    }
    app = (
        FastAPI(**common, docs_url=None, redoc_url=None, openapi_url=None)
        if production
        # Swagger UI and ReDoc served from the package, not a CDN: /docs works offline too.
        else FastAPIOffline(**common)
    )
    app.state.auth = auth
    install_error_handlers(app)
    install_openapi(app, areas)
    document_access(app)
    app.add_middleware(MeasuredRequests)
    # Outermost: it sees (and numbers) every answer, the unhandled error's included.
    app.add_middleware(RequestContext, limits=body_limits)

    @app.get("/healthz", tags=["health"], summary="The process is alive", dependencies=[Public])
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get(
        "/readyz",
        tags=["health"],
        summary="The database and the broker are reachable, and consumers are running",
        response_model=Readiness,
        responses={
            503: {"model": Readiness, "description": "Not ready: `checks` says which part is not"}
        },
        dependencies=[Public],
    )
    async def readyz() -> JSONResponse:
        checks = await readiness()
        ready = all(checks.values())
        return JSONResponse(
            status_code=200 if ready else 503,
            content={"status": "ready" if ready else "not ready", "checks": checks},
        )

    if not production:

        @app.get("/metrics", tags=["health"], summary="Prometheus metrics", include_in_schema=False)
        async def metrics() -> Response:
            return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return app


@asynccontextmanager
async def internal_metrics(port: int | None) -> AsyncIterator[None]:
    """Prometheus metrics on their own port (all interfaces: the NetworkPolicy decides who
    reaches it), for as long as the app runs."""
    if port is None:
        yield
        return
    server, thread = start_http_server(port)
    try:
        yield
    finally:
        server.shutdown()
        thread.join(timeout=5)

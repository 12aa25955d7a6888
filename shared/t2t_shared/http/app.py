"""The FastAPI app every service starts from: health, readiness, metrics, docs, errors."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest

from t2t_shared.http.errors import install_error_handlers

log = logging.getLogger(__name__)

REQUESTS = Counter("t2t_http_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram("t2t_http_request_seconds", "HTTP request latency", ["method", "route"])

ReadinessCheck = Callable[[], Awaitable[dict[str, bool]]]


@dataclass(frozen=True)
class AuthConfig:
    secret: str
    issuer: str


def create_service_app(
    *,
    title: str,
    description: str,
    version: str,
    auth: AuthConfig,
    readiness: ReadinessCheck,
    lifespan: Callable[[FastAPI], AbstractAsyncContextManager[None]] | None = None,
) -> FastAPI:
    @asynccontextmanager
    async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
        if lifespan is None:
            yield
        else:
            async with lifespan(app):
                yield

    # Swagger UI and ReDoc served from the package, not a CDN: /docs works offline too.
    app = FastAPIOffline(title=title, description=description, version=version, lifespan=_lifespan)
    app.state.auth = auth
    install_error_handlers(app)

    @app.middleware("http")
    async def measure(request: Request, call_next):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            response = await call_next(request)
        except Exception as exc:
            # Answered here, so no traceback (which may quote personal data) reaches any log.
            log.error(
                "unhandled error", extra={"path": request.url.path, "error": type(exc).__name__}
            )
            response = JSONResponse(
                status_code=500, content={"detail": "Something went wrong on our side; try again."}
            )
        route = request.scope.get("route")
        path = getattr(route, "path", "unmatched")
        REQUESTS.labels(request.method, path, str(response.status_code)).inc()
        LATENCY.labels(request.method, path).observe(time.perf_counter() - started)
        return response

    @app.get("/healthz", tags=["health"], summary="The process is alive")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get(
        "/readyz",
        tags=["health"],
        summary="The database and the broker are reachable, and consumers are running",
        responses={503: {"description": "Not ready: `checks` says which part is not"}},
    )
    async def readyz() -> JSONResponse:
        checks = await readiness()
        ready = all(checks.values())
        return JSONResponse(
            status_code=200 if ready else 503,
            content={"status": "ready" if ready else "not ready", "checks": checks},
        )

    @app.get("/metrics", tags=["health"], summary="Prometheus metrics", include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return app

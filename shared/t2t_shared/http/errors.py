"""Every error answers with a clear body: the field and the reason, never a stack trace.

The handlers here say what went wrong (`detail`, and `errors` per field for a 422); the
request middleware makes each such body an RFC 9457 problem document.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

log = logging.getLogger(__name__)


def _field(loc: tuple[Any, ...]) -> str:
    # FastAPI prefixes the location with where it came from: body, query, path, header.
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header"}:
        parts = parts[1:] or parts
    return ".".join(parts)


def _reason(error: dict[str, Any]) -> str:
    message = str(error.get("msg", "invalid"))
    return message.removeprefix("Value error, ")


def validation_errors(exc: RequestValidationError) -> list[dict[str, str]]:
    """One entry per problem; pydantic's input echo is dropped so personal data is not echoed."""
    return [
        {
            # A body that is not JSON at all has no field; pydantic gives a byte position.
            "field": "body" if e.get("type") == "json_invalid" else _field(tuple(e.get("loc", ()))),
            "reason": _reason(e),
            "type": str(e.get("type")),
        }
        for e in exc.errors()
    ]


class FieldProblem(BaseModel):
    """One invalid field (an extension member of the validation problem)."""

    field: str = Field(examples=["person.nhs_number"])
    reason: str = Field(examples=["not a valid NHS number (its check digit does not match)"])
    type: str = Field(examples=["value_error"])


class Problem(BaseModel):
    """An RFC 9457 problem document: the body of every error (`application/problem+json`)."""

    type: str = Field("about:blank", examples=["about:blank"])
    title: str = Field(examples=["Forbidden"])
    status: int = Field(examples=[403])
    detail: str = Field(examples=["Your token does not cover the area 'leeds'"])
    instance: str = Field(examples=["/referrals"], description="The request's path")
    request_id: str = Field(
        examples=["3f2c1a9e-8a6b-4a55-9d5e-5b0c4d1e2f3a"],
        description="The request's id, as in its `X-Request-ID` answer header and log lines",
    )


class ValidationProblem(Problem):
    """The body of every 422: each invalid field and why, in `errors`."""

    errors: list[FieldProblem]


# Declared on every router, so the OpenAPI document shows the bodies we really send.
STANDARD_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "No bearer token, or an invalid one"},
    403: {"model": Problem, "description": "The token's role or areas do not allow this"},
    422: {"model": ValidationProblem, "description": "Invalid input: each field and the reason"},
}


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(request: Request) -> list[str]:
    """Every method some route takes at this path: Starlette names only the first route's.

    Asked of each route as a request would be (included routers answer for theirs).
    """
    routes = request.app.router.routes
    return [
        method
        for method in _METHODS
        if any(r.matches({**request.scope, "method": method})[0] == Match.FULL for r in routes)
    ]


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(
            status_code=422,
            content={"detail": "The request is not valid", "errors": validation_errors(exc)},
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        body = exc.detail if isinstance(exc.detail, dict) else {"detail": exc.detail}
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(allowed_methods(request))
        return JSONResponse(status_code=exc.status_code, content=body, headers=headers or None)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error(
            "unhandled error",
            extra={"path": request.url.path, "error": type(exc).__name__},
        )
        return JSONResponse(
            status_code=500, content={"detail": "Something went wrong on our side; try again."}
        )

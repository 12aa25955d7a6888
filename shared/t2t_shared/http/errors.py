"""Every error answers with a clear JSON body: the field and the reason, never a stack trace."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

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
    field: str = Field(examples=["person.nhs_number"])
    reason: str = Field(examples=["not a valid NHS number (its check digit does not match)"])
    type: str = Field(examples=["value_error"])


class ValidationProblem(BaseModel):
    """The body of every 422: each invalid field and why."""

    detail: str = Field(examples=["The request is not valid"])
    errors: list[FieldProblem]


class Problem(BaseModel):
    """The body of every other error."""

    detail: str = Field(examples=["Your token does not cover the area 'leeds'"])


# Declared on every router, so the OpenAPI document shows the bodies we really send.
STANDARD_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "No bearer token, or an invalid one"},
    403: {"model": Problem, "description": "The token's role or areas do not allow this"},
    422: {"model": ValidationProblem, "description": "Invalid input: each field and the reason"},
}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(
            status_code=422,
            content={"detail": "The request is not valid", "errors": validation_errors(exc)},
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        body = exc.detail if isinstance(exc.detail, dict) else {"detail": exc.detail}
        return JSONResponse(status_code=exc.status_code, content=body, headers=exc.headers)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error(
            "unhandled error",
            extra={"path": request.url.path, "error": type(exc).__name__},
        )
        return JSONResponse(
            status_code=500, content={"detail": "Something went wrong on our side; try again."}
        )

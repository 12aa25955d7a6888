"""The OpenAPI document says what the service really answers.

Applied to every service's generated document: errors are `application/problem+json`
(RFC 9457); every 422 is our validation problem rather than FastAPI's default; every
operation that takes a body may answer 400 (a body that cannot be read as JSON at all)
and 413 (a body over the size limit); every operation may answer 503 with `Retry-After`
(the database briefly out of reach, see `t2t_shared.http.unavailable`); every answer
carries `X-Request-ID`. The probes (`/healthz`, `/readyz`) answer in their own shape.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI

from t2t_shared.http.errors import Problem, ValidationProblem
from t2t_shared.http.problems import PROBLEM_JSON
from t2t_shared.http.requests import PROBES
from t2t_shared.http.unavailable import RETRY_AFTER_SECONDS

_METHODS = ("get", "put", "post", "delete", "patch", "options", "head", "trace")
_PROBLEM = "#/components/schemas/Problem"
_VALIDATION = "#/components/schemas/ValidationProblem"
_REQUEST_ID_HEADER = {
    "description": "The request's id: the caller's well-formed one, or a new one. Quoted "
    "in error bodies (`request_id`) and in the service's log lines for the request.",
    "schema": {"type": "string"},
}
_BODY_ERRORS = {
    "400": "The body cannot be read as JSON (not UTF-8, say)",
    "413": "The body is larger than this service accepts",
}
_UNAVAILABLE = {
    "description": "The database is busy or briefly out of reach: try again after "
    "`Retry-After` seconds (with the same Idempotency-Key, where one was sent)",
    "headers": {
        "Retry-After": {
            "description": "Seconds to wait before trying again",
            "schema": {"type": "integer", "minimum": 0, "examples": [RETRY_AFTER_SECONDS]},
        }
    },
}


def install_openapi(app: FastAPI, areas: Sequence[str] = ()) -> None:
    """Replace `app.openapi` with one that post-processes (and caches) the document.

    `areas`: this deployment's areas, listed as the enum of every `area` parameter and
    field, since the API refuses any other.
    """

    generate = app.openapi
    described: list[dict[str, Any]] = []

    def openapi() -> dict[str, Any]:
        if not described:
            described.append(list_areas(describe_errors(generate()), areas))
        return described[0]

    app.openapi = openapi  # type: ignore[method-assign]


def describe_errors(document: dict[str, Any]) -> dict[str, Any]:
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for model in (Problem, ValidationProblem):
        schemas.update(
            model.model_json_schema(ref_template="#/components/schemas/{model}").pop("$defs", {})
        )
        schemas[model.__name__] = model.model_json_schema(
            ref_template="#/components/schemas/{model}"
        )
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    for path, path_item in document.get("paths", {}).items():
        for method in _METHODS:
            operation = path_item.get(method)
            if operation is not None:
                _describe_operation(operation, probe=path in PROBES)
    return document


def list_areas(document: dict[str, Any], areas: Sequence[str]) -> dict[str, Any]:
    if not areas:
        return document
    enum = sorted(areas)
    for path_item in document.get("paths", {}).values():
        for method in _METHODS:
            for parameter in (path_item.get(method) or {}).get("parameters", []):
                if parameter.get("name") == "area":
                    _restrict(parameter.get("schema", {}), enum)
    for schema in document.get("components", {}).get("schemas", {}).values():
        area = schema.get("properties", {}).get("area")
        if area is not None:
            _restrict(area, enum)
    return document


def _restrict(schema: dict[str, Any], enum: list[str]) -> None:
    """A string, or a nullable string (`anyOf` with null), becomes one of `enum`."""
    if schema.get("type") == "string":
        schema["enum"] = enum
    for option in schema.get("anyOf", []):
        if option.get("type") == "string":
            option["enum"] = enum


def _describe_operation(operation: dict[str, Any], *, probe: bool) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    if "requestBody" in operation:
        for status, description in _BODY_ERRORS.items():
            responses.setdefault(status, {"description": description})
    if not probe:
        responses.setdefault("503", copy.deepcopy(_UNAVAILABLE))
    for status, response in responses.items():
        response.setdefault("headers", {})["X-Request-ID"] = _REQUEST_ID_HEADER
        if probe or status[:1] not in ("4", "5"):
            continue
        ref = _VALIDATION if status == "422" else _problem_ref(response)
        response["content"] = {PROBLEM_JSON: {"schema": {"$ref": ref}}}


def _problem_ref(response: dict[str, Any]) -> str:
    """A route's own error model (a conflict with an id, say) is kept; else `Problem`."""
    for media in response.get("content", {}).values():
        ref = media.get("schema", {}).get("$ref")
        if isinstance(ref, str) and not ref.endswith(("/HTTPValidationError",)):
            return ref
    return _PROBLEM

"""`x-t2t-access` in the OpenAPI document: who may call each route, read from its dependencies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from t2t_shared.http.security import access_of

EXTENSION = "x-t2t-access"


class UndeclaredAccess(RuntimeError):
    """A route in the schema depends on neither require_roles, public_route nor external_caller."""


def route_access(route: APIRoute) -> dict[str, Any]:
    found = _find(route.dependant)
    if found is None:
        methods = ",".join(sorted(route.methods or ()))
        raise UndeclaredAccess(
            f"{methods} {route.path} declares no access: depend on require_roles(...), "
            "public_route or external_caller(...)"
        )
    return found


def _find(dependant: Dependant) -> dict[str, Any] | None:
    for sub in dependant.dependencies:
        access = access_of(sub.call) or _find(sub)
        if access is not None:
            return access
    return None


def document_access(app: FastAPI) -> None:
    """Generate the schema with each route's access; a route that declares none is an error."""
    generate: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            for route in app.routes:
                if isinstance(route, APIRoute) and route.include_in_schema:
                    extra = dict(route.openapi_extra or {})
                    extra[EXTENSION] = route_access(route)
                    route.openapi_extra = extra
        return generate()

    app.openapi = openapi  # type: ignore[method-assign]

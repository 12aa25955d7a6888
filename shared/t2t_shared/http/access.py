"""`x-t2t-access` in the OpenAPI document: who may call each route, read from its dependencies.

Derived, never written by hand: a route's access is the `require_roles(...)`, `public_route`
or `external_caller(...)` it depends on. A route in the schema with none of them makes the
document fail to generate, so a new route cannot forget to say who may call it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, routing
from fastapi.dependencies.models import Dependant

from t2t_shared.http.security import access_of

EXTENSION = "x-t2t-access"
# A path parameter's converter (`{area:path}`) is not part of the documented path.
_CONVERTER = re.compile(r"\{(\w+):\w+\}")


class UndeclaredAccess(RuntimeError):
    """A route in the schema depends on neither require_roles, public_route nor external_caller."""


def _find(dependant: Dependant) -> dict[str, Any] | None:
    for sub in dependant.dependencies:
        access = access_of(sub.call) or _find(sub)
        if access is not None:
            return access
    return None


def routes_access(app: FastAPI) -> dict[tuple[str, str], dict[str, Any]]:
    """(METHOD, path) → access, for every route in the schema."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for route in routing.iter_route_contexts(app.routes):
        dependant = getattr(route, "dependant", None)
        if not isinstance(dependant, Dependant) or not getattr(route, "include_in_schema", False):
            continue
        access = _find(dependant)
        for method in sorted(route.methods or ()):
            if access is None:
                raise UndeclaredAccess(
                    f"{method} {route.path} declares no access: depend on require_roles(...), "
                    "public_route or external_caller(...)"
                )
            found[(method, _CONVERTER.sub(r"{\1}", str(route.path)))] = access
    return found


def document_access(app: FastAPI) -> None:
    """Add each operation's access to the generated schema."""
    generate: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        schema = generate()
        for (method, path), access in routes_access(app).items():
            operation = schema.get("paths", {}).get(path, {}).get(method.lower())
            if operation is not None:
                operation[EXTENSION] = access
        return schema

    app.openapi = openapi  # type: ignore[method-assign]

"""What every console route depends on: the container, an ops/admin caller, a known area."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request

from ops.bootstrap import Container
from t2t_shared.auth import Principal
from t2t_shared.http.security import require_roles


async def container(request: Request) -> Container:
    return request.app.state.container  # type: ignore[no-any-return]


Deps = Annotated[Container, Depends(container)]
Operator = Annotated[Principal, Depends(require_roles("ops", "admin"))]


def unprocessable(field: str, reason: str) -> HTTPException:
    """A 422 in the shared shape, naming the field and the reason."""
    return HTTPException(
        422,
        {
            "detail": "The request is not valid",
            "errors": [{"field": field, "reason": reason, "type": "value_error"}],
        },
    )


async def area_filter(deps: Deps, area: str | None = Query(None, examples=["leeds"])) -> str | None:
    if area in (None, ""):
        return None
    if not deps.settings.known_area(area):
        known = ", ".join(deps.settings.areas)
        raise unprocessable("area", f"unknown area '{area}'; this deployment has: {known}")
    return area


Area = Annotated[str | None, Depends(area_filter)]

"""What every console route depends on: the container, an ops/admin caller, an area in scope.

A token bound to some areas sees only those: an `area` outside them answers 403, and no
`area` means the token's one area (a token for several must name one). '*' sees every area.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request

from ops.config import Settings
from ops.container import Container
from t2t_shared.auth import Principal
from t2t_shared.http.security import require_area, require_every_area, require_roles


async def container(request: Request) -> Container:
    return request.app.state.container  # type: ignore[no-any-return]


Deps = Annotated[Container, Depends(container)]
Operator = Annotated[Principal, Depends(require_roles("ops", "admin"))]
Reporter = Annotated[Principal, Depends(require_roles("commissioner", "ops", "admin"))]
"""Aggregates only: a commissioner may read reports of their areas, never per-person rows."""


EveryArea = Annotated[Principal, Depends(require_every_area("ops", "admin"))]
"""Dead letters and the redrive audit are not tied to an area: a '*' token only."""


def unprocessable(field: str, reason: str) -> HTTPException:
    """A 422 in the shared shape, naming the field and the reason."""
    return HTTPException(
        422,
        {
            "detail": "The request is not valid",
            "errors": [{"field": field, "reason": reason, "type": "value_error"}],
        },
    )


def known_area(area: str, settings: Settings) -> str:
    """An area of this deployment (in national mode, `region/area` of a configured region)."""
    if not settings.known_area(area):
        known = ", ".join(settings.areas)
        raise unprocessable("area", f"unknown area '{area}'; this deployment has: {known}")
    return area


def area_in_scope(principal: Principal, area: str | None, settings: Settings) -> str | None:
    """The area to show: the one asked for if the token covers it; None means every area."""
    if area:
        require_area(principal, known_area(area, settings))
        return area
    if principal.all_areas:
        return None
    covered = [a for a in settings.areas if principal.covers_area(a)]
    if len(covered) == 1:
        return covered[0]
    raise HTTPException(
        403, "Your token covers several areas: name one with ?area= (a '*' token sees all)"
    )


async def area_filter(
    deps: Deps, principal: Operator, area: str | None = Query(None, examples=["leeds"])
) -> str | None:
    return area_in_scope(principal, area, deps.settings)


async def report_area(
    deps: Deps, principal: Reporter, area: str = Query(examples=["leeds"])
) -> str:
    """An area whose aggregates the caller may read (commissioner, ops or admin, in area)."""
    require_area(principal, known_area(area, deps.settings))
    return area


Area = Annotated[str | None, Depends(area_filter)]
ReportArea = Annotated[str, Depends(report_area)]

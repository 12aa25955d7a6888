"""What every route takes: the container, the caller, and the caller's area check."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from pydantic import BaseModel, Field

from groups.entrypoints.container import Services
from groups.service_layer.context import AreaCheck
from t2t_shared.auth import Principal
from t2t_shared.http.errors import Problem
from t2t_shared.http.security import require_area, require_roles


class Conflict(BaseModel):
    """The body of a 409: what was refused and the state that refused it."""

    detail: str = Field(examples=["the placement is member: cannot accept a place"])
    current_state: str | None = Field(None, examples=["member"])


Responses = dict[int | str, dict[str, Any]]
ILLEGAL: Responses = {
    409: {"model": Conflict, "description": "Not allowed in its current state (`current_state`)"}
}


def not_found(description: str) -> Responses:
    return {404: {"model": Problem, "description": description}}


Coordinator = Annotated[Principal, Depends(require_roles("coordinator", "admin"))]
Reader = Annotated[Principal, Depends(require_roles("coordinator", "ops", "admin"))]


async def container(request: Request) -> Services:
    return request.app.state.container  # type: ignore[no-any-return]


Deps = Annotated[Services, Depends(container)]


def area_check(principal: Principal) -> AreaCheck:
    """Checked once the group's or placement's area is known, before anything changes."""

    def check(area: str) -> None:
        require_area(principal, area)

    return check


def known_area(area: str, areas: tuple[str, ...], field: str = "area") -> None:
    if area not in areas:
        reason = f"unknown area '{area}'; this deployment has: {', '.join(areas)}"
        raise HTTPException(
            422,
            {
                "detail": "The request is not valid",
                "errors": [{"field": field, "reason": reason, "type": "unknown_area"}],
            },
        )

"""What the routes share: the container, the roles, and domain errors as HTTP answers."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated, Any, Protocol

from fastapi import Depends, HTTPException, Request
from pydantic import BaseModel, Field

from t2t_shared.auth import ALL_AREAS, Principal
from t2t_shared.http.errors import Problem
from t2t_shared.http.ratelimit import TokenBuckets
from t2t_shared.http.security import require_area, require_roles
from t2t_shared.kernel.clock import Clock
from t2t_shared.topics import Topics
from volunteers.config import Settings
from volunteers.domain.stages import (
    ConcurrentUpdate,
    IllegalTransition,
    InvalidDetail,
    RuleBroken,
)
from volunteers.service_layer import people
from volunteers.service_layer.common import NotFound
from volunteers.service_layer.pipeline import Pipeline
from volunteers.service_layer.unit_of_work import UnitOfWork


class Container(Protocol):
    """What the routes use of the composition root (`bootstrap.Container` is one)."""

    @property
    def settings(self) -> Settings: ...

    @property
    def clock(self) -> Clock: ...

    @property
    def topics(self) -> Topics: ...

    @property
    def pipeline(self) -> Pipeline: ...

    @property
    def applications_limit(self) -> TokenBuckets: ...

    def uow(self) -> UnitOfWork: ...


async def container(request: Request) -> Container:
    return request.app.state.container  # type: ignore[no-any-return]


Deps = Annotated[Container, Depends(container)]
Coordinator = Annotated[Principal, Depends(require_roles("coordinator", "admin"))]
Reader = Annotated[Principal, Depends(require_roles("coordinator", "ops", "admin"))]
Admin = Annotated[Principal, Depends(require_roles("admin"))]


class Conflict(BaseModel):
    """An action the volunteer's current stage (or state of checks) does not allow."""

    detail: str = Field(
        examples=["Cannot start screening while the volunteer is 'training'; allowed from: applied"]
    )
    current_state: str = Field(examples=["training"])


NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "No volunteer with this id"}
}
ACTION_ERRORS: dict[int | str, dict[str, Any]] = {
    **NOT_FOUND,
    409: {"model": Conflict, "description": "Not allowed in the current state, which is named"},
}


def invalid(field: str, reason: str, kind: str = "value_error") -> HTTPException:
    return HTTPException(
        422,
        {
            "detail": "The request is not valid",
            "errors": [{"field": field, "reason": reason, "type": kind}],
        },
    )


@asynccontextmanager
async def domain_errors() -> AsyncIterator[None]:
    """Translate the domain's refusals into 404 / 409 (with the current state) / 422."""
    try:
        yield
    except NotFound as exc:
        raise HTTPException(404, "No volunteer with this id") from exc
    except (IllegalTransition, RuleBroken) as exc:
        raise HTTPException(409, {"detail": str(exc), "current_state": exc.current.value}) from exc
    except InvalidDetail as exc:
        raise invalid(exc.field, exc.reason) from exc
    except ConcurrentUpdate as exc:
        raise HTTPException(
            409, "The volunteer changed while you were acting on it; reload and try again"
        ) from exc


async def in_scope(volunteer_id: uuid.UUID, principal: Principal, deps: Container) -> None:
    """404 for an unknown id, 403 for a volunteer outside the caller's areas."""
    async with domain_errors():
        volunteer = await people.get_volunteer(volunteer_id, deps.uow())
    require_area(principal, volunteer.area)


def scoped_areas(principal: Principal, area: str | None) -> tuple[str, ...] | None:
    """The areas a query may see: the one asked for (if covered), else all the caller's."""
    if area is not None:
        require_area(principal, area)
        return (area,)
    return None if ALL_AREAS in principal.areas else principal.areas

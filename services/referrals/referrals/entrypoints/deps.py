"""What every referrals route shares: the container, the caller's scope, error answers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any, Protocol

from fastapi import Depends, HTTPException, Request

from referrals.config import Settings
from referrals.domain.errors import CommentRequired, IllegalTransition
from referrals.entrypoints.triage_schemas import TransitionConflict
from referrals.service_layer.policy import NotFound, OutOfScope, Policy
from referrals.service_layer.register import PostcodeAreas
from referrals.service_layer.unit_of_work import UnitOfWork
from t2t_shared.auth import Principal
from t2t_shared.http.errors import Problem
from t2t_shared.http.ratelimit import TokenBuckets
from t2t_shared.topics import Topics


class Container(Protocol):
    """What the routes need of the composition root (`bootstrap.Container` is one)."""

    @property
    def settings(self) -> Settings: ...
    @property
    def policy(self) -> Policy: ...
    @property
    def topics(self) -> Topics: ...
    @property
    def self_referral_limit(self) -> TokenBuckets: ...
    @property
    def postcode_areas(self) -> PostcodeAreas: ...
    def uow(self) -> UnitOfWork: ...


async def container(request: Request) -> Container:
    return request.app.state.container  # type: ignore[no-any-return]


Deps = Annotated[Container, Depends(container)]

NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "No referral with this id"}
}
TRANSITION: dict[int | str, dict[str, Any]] = {
    409: {"model": TransitionConflict, "description": "The referral's status does not allow this"}
}


def scope(principal: Principal) -> tuple[str, ...] | None:
    """The areas a caller acts in; None for every area."""
    return None if "*" in principal.areas else principal.areas


def invalid(field: str, reason: str, kind: str = "value_error") -> HTTPException:
    return HTTPException(
        422,
        {
            "detail": "The request is not valid",
            "errors": [{"field": field, "reason": reason, "type": kind}],
        },
    )


@contextmanager
def journey_errors() -> Iterator[None]:
    """The journey's refusals as HTTP answers: 404, 403, 409 with the status, 422."""
    try:
        yield
    except NotFound as exc:
        raise HTTPException(404, "No referral with this id") from exc
    except OutOfScope as exc:
        raise HTTPException(403, f"Your token does not cover the area '{exc}'") from exc
    except IllegalTransition as exc:
        raise HTTPException(409, {"detail": str(exc), "current_status": exc.current.value}) from exc
    except CommentRequired as exc:
        raise invalid("comment", str(exc)) from exc

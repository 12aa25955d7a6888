"""Public routes of the offer link: the person sees their offered place and answers it.

No bearer token: the signed link is the authority, and it names only a placement. The
answers carry the group and times, never anything about the person.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, HTTPException, Path, Request
from pydantic import BaseModel, ConfigDict, Field

from groups.entrypoints.deps import Deps
from groups.service_layer import offers
from t2t_shared.http.errors import Problem, ValidationProblem
from t2t_shared.http.ratelimit import rate_limited
from t2t_shared.http.security import Public

# The signed link in the offer is the credential: the person has no account.
router = APIRouter(tags=["offers"], dependencies=[Public])

Token = Path(description="The token from the offer message's link")


class OfferGroup(BaseModel):
    name: str = Field(examples=["Headingley Tuesday group"])
    format: Literal["in_person", "online"] = Field(examples=["in_person"])
    area: str = Field(examples=["leeds"])
    venue: str | None = Field(examples=["Headingley Community Centre"])


class OfferPublic(BaseModel):
    """An offered place as the person sees it: the group and the times, nothing personal."""

    placement_id: UUID
    status: offers.OfferStatus = Field(examples=["offered"])
    group: OfferGroup
    first_session_at: datetime | None
    expires_at: datetime

    @classmethod
    def of(cls, v: offers.OfferView) -> OfferPublic:
        g = v.group
        return cls(
            placement_id=v.placement_id,
            status=v.status,
            group=OfferGroup(
                name=g.name,
                format=g.format.value,
                area=g.area,
                venue=g.venue.name if g.venue else None,
            ),
            first_session_at=v.first_session_at,
            expires_at=v.expires_at,
        )


class OfferAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision: offers.Decision = Field(examples=["accept"])


class AnsweredProblem(BaseModel):
    detail: str = Field(examples=["This offer has already been answered: it is accepted"])
    current_state: offers.OfferStatus = Field(examples=["accepted"])


RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "The link is not valid"},
    410: {"model": Problem, "description": "The link or the offer has expired, or was withdrawn"},
    429: {"description": "Too many requests from this address; see Retry-After"},
}


async def limit(request: Request, deps: Deps) -> None:
    await rate_limited(deps.offers_limit)(request)


@asynccontextmanager
async def offer_errors() -> AsyncIterator[None]:
    try:
        yield
    except offers.OfferGone as exc:
        raise HTTPException(410, str(exc)) from None
    except offers.OfferAnswered as exc:
        raise HTTPException(409, {"detail": str(exc), "current_state": exc.status}) from None


@router.get(
    "/offers/{token}",
    response_model=OfferPublic,
    dependencies=[Depends(limit)],
    summary="The place an offer link holds, and where the offer stands",
    description="Public (the signed link is the key). Rate limited per address.",
    responses=RESPONSES,
)
async def read_offer(deps: Deps, token: str = Token) -> OfferPublic:
    secret = deps.settings.offer_link_secret.get_secret_value()
    async with offer_errors():
        return OfferPublic.of(await offers.view(token, secret, deps.uow(), deps.ctx))


@router.post(
    "/offers/{token}",
    response_model=OfferPublic,
    dependencies=[Depends(limit)],
    summary="The person accepts or declines the place themselves",
    description=(
        "The same accept or decline as a coordinator's (`MemberJoined`, or `OfferDeclined` and "
        "the place offered to the next person waiting), with `answered_by: person`. An offer "
        "is answered once: 409 with `current_state` after that."
    ),
    responses={
        **RESPONSES,
        409: {"model": AnsweredProblem, "description": "Already answered"},
        422: {"model": ValidationProblem, "description": "`decision` is not accept or decline"},
    },
)
async def answer_offer(body: OfferAnswer, deps: Deps, token: str = Token) -> OfferPublic:
    secret = deps.settings.offer_link_secret.get_secret_value()
    async with offer_errors():
        done = await offers.answer(token, body.decision, secret, deps.uow(), deps.ctx)
    return OfferPublic.of(done)

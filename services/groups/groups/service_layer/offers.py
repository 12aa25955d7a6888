"""The person answers their own place offer, through the signed link in the offer message.

The link names a placement and the expiry of the offer it was sent for. It answers that
offer only: if the offer was withdrawn and another made since, the old link has expired.
The answer runs the same accept or decline as a coordinator's, recorded as the person's.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from groups.domain.errors import IllegalTransition, NotFound
from groups.domain.model import Group
from groups.domain.placement import Placement, PlacementStatus
from groups.service_layer import placements
from groups.service_layer.context import Context, any_area
from groups.service_layer.unit_of_work import UnitOfWork
from t2t_shared.offer_links import InvalidOfferLink, OfferLink, verify_offer_link

OfferStatus = Literal["offered", "accepted", "declined", "expired", "cancelled"]
Decision = Literal["accept", "decline"]

_STATUS: dict[PlacementStatus, OfferStatus] = {
    PlacementStatus.OFFERED: "offered",
    PlacementStatus.MEMBER: "accepted",
    PlacementStatus.LEFT: "accepted",
    PlacementStatus.DECLINED: "declined",
    PlacementStatus.EXPIRED: "expired",
    PlacementStatus.CANCELLED: "cancelled",
}

INVALID = "This link is not valid"


class OfferGone(Exception):
    """The link or the offer it names has expired, or the offer was withdrawn (410)."""


class OfferAnswered(Exception):
    """The offer was answered already (409); `status` says how."""

    def __init__(self, status: OfferStatus) -> None:
        super().__init__(f"This offer has already been answered: it is {status}")
        self.status = status


@dataclass(frozen=True)
class OfferView:
    placement_id: uuid.UUID
    status: OfferStatus
    group: Group
    first_session_at: datetime | None
    expires_at: datetime


async def view(token: str, secret: str, uow: UnitOfWork, ctx: Context) -> OfferView:
    """What the link offers and where it stands; 404 unless we signed it, 410 once expired."""
    link = _verify(secret, token)
    found = await _load(link, uow, ctx)
    if link.expired(ctx.now()):
        raise OfferGone("This link has expired")
    return found


async def answer(
    token: str, decision: Decision, secret: str, uow: UnitOfWork, ctx: Context
) -> OfferView:
    link = _verify(secret, token)
    if link.expired(ctx.now()):
        raise OfferGone("This link has expired")
    current = await _load(link, uow, ctx)
    _require_open(current)
    act = placements.accept if decision == "accept" else placements.decline
    try:
        await act(link.placement_id, uow, ctx, any_area, answered_by="person")
    except IllegalTransition:
        # Answered, expired or withdrawn between our look and the placement's lock.
        _require_open(await _load(link, uow, ctx))
        raise
    return await _load(link, uow, ctx)


def _verify(secret: str, token: str) -> OfferLink:
    try:
        return verify_offer_link(secret, token)
    except InvalidOfferLink:
        raise NotFound(INVALID) from None


def _require_open(offer: OfferView) -> None:
    if offer.status == "expired":
        raise OfferGone("This offer has expired")
    if offer.status != "offered":
        raise OfferAnswered(offer.status)


async def _load(link: OfferLink, uow: UnitOfWork, ctx: Context) -> OfferView:
    async with uow:
        p = await uow.placements.get(link.placement_id)
        if p is None:
            raise NotFound(INVALID)
        group = await uow.groups.get(p.group_id) if p.group_id else None
        if group is None or not _sent_for(p, link):
            raise OfferGone("This offer has been withdrawn")
        first = await uow.sessions.next_start(group.id, ctx.now())
    status = _STATUS[p.status]
    if status == "offered" and link.expired(ctx.now()):
        status = "expired"  # the sweep has not run yet; the offer is over all the same
    return OfferView(p.referral_id, status, group, first, link.expires_at)


def _sent_for(p: Placement, link: OfferLink) -> bool:
    """The placement's current (or last) offer is the one this link was sent for."""
    expires = p.offer_expires_at
    return expires is not None and int(expires.timestamp()) == int(link.expires_at.timestamp())

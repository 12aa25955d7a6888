"""The link in a place-offer message: the portal's page where the person answers it."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime

from t2t_shared.offer_links import DEV_OFFER_LINK_SECRET, sign_offer_link

DEFAULT_PORTAL_URL = "http://127.0.0.1:8005"

OfferLinkBuilder = Callable[[uuid.UUID, datetime], str]


def offer_link_builder(portal_url: str, secret: str) -> OfferLinkBuilder:
    """`{portal}/offer/{token}`; groups checks the token with the same secret."""
    base = portal_url.rstrip("/")

    def build(placement_id: uuid.UUID, expires_at: datetime) -> str:
        return f"{base}/offer/{sign_offer_link(secret, placement_id, expires_at)}"

    return build


dev_offer_links = offer_link_builder(DEFAULT_PORTAL_URL, DEV_OFFER_LINK_SECRET)

"""Offer links: what we sign verifies; anything forged, altered or foreign does not."""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from t2t_shared.offer_links import (
    DEV_OFFER_LINK_SECRET,
    InvalidOfferLink,
    refuse_dev_secret,
    sign_offer_link,
    verify_offer_link,
)

SECRET = "unit-test-offer-secret"
EXPIRES = datetime(2026, 12, 11, 17, 30, 5, tzinfo=UTC)


def test_a_signed_link_gives_back_the_placement_and_expiry() -> None:
    placement = uuid.uuid4()
    link = verify_offer_link(SECRET, sign_offer_link(SECRET, placement, EXPIRES))
    assert link.placement_id == placement
    assert link.expires_at == EXPIRES
    assert not link.expired(EXPIRES - timedelta(seconds=1))
    assert link.expired(EXPIRES)


def test_the_token_is_url_safe_and_short_enough_for_a_text() -> None:
    token = sign_offer_link(SECRET, uuid.uuid4(), EXPIRES)
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert len(token) <= 60


def test_another_secret_does_not_verify() -> None:
    token = sign_offer_link("someone-else", uuid.uuid4(), EXPIRES)
    with pytest.raises(InvalidOfferLink):
        verify_offer_link(SECRET, token)


def test_a_changed_expiry_or_placement_does_not_verify() -> None:
    raw = bytearray(base64.urlsafe_b64decode(sign_offer_link(SECRET, uuid.uuid4(), EXPIRES) + "=="))
    for position in (5, 20):  # inside the placement id, inside the expiry
        forged = bytearray(raw)
        forged[position] ^= 1
        token = base64.urlsafe_b64encode(bytes(forged)).decode().rstrip("=")
        with pytest.raises(InvalidOfferLink):
            verify_offer_link(SECRET, token)


@pytest.mark.parametrize("token", ["", "not-a-token", "a" * 101, "!!!!", "AAAA"])
def test_rubbish_is_refused_without_an_exception_of_another_kind(token: str) -> None:
    with pytest.raises(InvalidOfferLink):
        verify_offer_link(SECRET, token)


def test_the_dev_secret_is_refused_in_production_only() -> None:
    refuse_dev_secret("development", DEV_OFFER_LINK_SECRET)
    refuse_dev_secret("production", "a-real-secret")
    with pytest.raises(ValueError, match="T2T_OFFER_LINK_SECRET"):
        refuse_dev_secret("production", DEV_OFFER_LINK_SECRET)

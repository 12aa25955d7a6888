"""Signed links that let a person answer a place offer without signing in.

Notifications signs a link into the place-offer message; groups verifies it when the
person opens it. Both hold the same secret (`T2T_OFFER_LINK_SECRET`). The token carries only
the placement id (the referral id) and the offer's expiry, so it discloses nobody:

    base64url( version(1) | placement id(16) | expires, unix seconds(8) | HMAC-SHA256[:16] )

The MAC is cut to 128 bits so the link fits in one text message; a forger still has to guess
a 128-bit value. Single use is not the token's job: the placement's state refuses a second
answer.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import struct
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

DEV_OFFER_LINK_SECRET = "dev-only-offer-link-secret-change-me-0123"

_VERSION = 1
_BODY = struct.Struct(">B16sq")
_MAC_BYTES = 16
_CONTEXT = b"t2t-offer-link"  # a key used for anything else cannot sign these


class InvalidOfferLink(Exception):
    """Not a token we signed: malformed, tampered with, or signed with another secret."""


@dataclass(frozen=True)
class OfferLink:
    placement_id: uuid.UUID
    expires_at: datetime

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at


def sign_offer_link(secret: str, placement_id: uuid.UUID, expires_at: datetime) -> str:
    """The URL-safe token for one offer (seconds precision, no padding)."""
    body = _BODY.pack(_VERSION, placement_id.bytes, int(expires_at.timestamp()))
    return _b64(body + _mac(secret, body))


def verify_offer_link(secret: str, token: str) -> OfferLink:
    """The offer a token names; `InvalidOfferLink` unless we signed it, unchanged."""
    if not token or len(token) > 100:
        raise InvalidOfferLink("not an offer link")
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        raise InvalidOfferLink("not an offer link") from None
    if len(raw) != _BODY.size + _MAC_BYTES:
        raise InvalidOfferLink("not an offer link")
    body, mac = raw[: _BODY.size], raw[_BODY.size :]
    if not hmac.compare_digest(mac, _mac(secret, body)):
        raise InvalidOfferLink("the link's signature does not match")
    version, placement, expires = _BODY.unpack(body)
    if version != _VERSION:
        raise InvalidOfferLink("unknown link version")
    return OfferLink(uuid.UUID(bytes=placement), datetime.fromtimestamp(expires, UTC))


def refuse_dev_secret(environment: str, secret: str) -> None:
    """Production must not sign links with the secret everyone can read in the source."""
    if environment == "production" and secret == DEV_OFFER_LINK_SECRET:
        raise ValueError("T2T_OFFER_LINK_SECRET must be set to a real secret in production")


def _mac(secret: str, body: bytes) -> bytes:
    return hmac.new(secret.encode(), _CONTEXT + body, hashlib.sha256).digest()[:_MAC_BYTES]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")

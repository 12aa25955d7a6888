"""What planning needs beyond the event: settings, the clock, and a render check."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from notifications.domain.model import Planned
from notifications.service_layer.offer_links import OfferLinkBuilder, dev_offer_links

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def no_check(plans: Sequence[Planned]) -> None:
    """Default: trust the rules (unit tests); the service checks every plan renders."""


@dataclass(frozen=True)
class Planning:
    contact_target_days: int = 2
    clock: Clock = field(default=utc_now)
    # Area -> the area coordinators' shared mailbox (settings).
    mailboxes: Mapping[str, str] = field(default_factory=dict)
    # Raises TemplateError when a planned message would not render.
    check: Callable[[Sequence[Planned]], None] = no_check
    # (placement id, offer expiry) -> the signed link where the person answers the offer.
    offer_link: OfferLinkBuilder = dev_offer_links

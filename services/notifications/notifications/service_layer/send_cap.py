"""A cap on sends to one address in a day.

The public forms take anyone's email or mobile, so the charity's sender could be made to
write to a stranger over and over, each time for a "new" person. The cap counts by address,
not by recipient record, over the last 24 hours. Only people and volunteers are capped (their
addresses come from the public); a practice or a coordinators' mailbox may get many a day.

A send over the cap is cancelled, like one the person opted out of: no NotificationFailed,
so it is never held against the person as a failed contact. Sends claimed at the same moment
by other dispatch rounds are not seen, so the cap may be passed by at most what is in flight.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta

from notifications.domain.model import Channel, Recipient, RecipientKind
from notifications.service_layer.unit_of_work import UnitOfWork

CAPPED_KINDS = frozenset({RecipientKind.PERSON.value, RecipientKind.VOLUNTEER.value})
CAPPED = "daily send cap reached"
WINDOW = timedelta(days=1)


class DailyCap:
    """Today's count per address, from the store, then each send of the round as it goes."""

    def __init__(self, limit: int, counts: dict[str, int]) -> None:
        self._limit = limit
        self._counts = Counter(counts)

    @classmethod
    async def load(
        cls, uow: UnitOfWork, limit: int, recipients: Iterable[Recipient], now: datetime
    ) -> DailyCap:
        if limit <= 0:
            return cls(0, {})
        addresses = {
            a for r in recipients if r.kind in CAPPED_KINDS for a in (r.email, r.mobile) if a
        }
        counts = await uow.send_counts.sent_since(addresses, now - WINDOW, CAPPED_KINDS)
        return cls(limit, counts)

    def take(self, recipient: Recipient, channel: Channel) -> bool:
        """True, counting it, if one more send to this address is allowed today."""
        address = recipient.address(channel)
        if self._limit <= 0 or recipient.kind not in CAPPED_KINDS or address is None:
            return True
        if self._counts[address] >= self._limit:
            return False
        self._counts[address] += 1
        return True

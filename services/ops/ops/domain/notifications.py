"""Notifications sent, delivered and failed, by channel (and failures by reason)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ops.domain.observed import ObservedEvent

FOLLOW_UP_REASONS = ("contact_details_missing", "outcome_unknown")
"""Failures a person must follow up: an event that waited too long for its contact record,
and a send whose outcome is unknown (never resent blindly)."""

OUTCOMES = {
    "NotificationSent": "sent",
    "NotificationDelivered": "delivered",
    "NotificationFailed": "failed",
}


@dataclass(frozen=True)
class ChannelCounts:
    channel: str
    sent: int
    delivered: int
    failed: int
    failed_by_reason: dict[str, int]


@dataclass
class Notifications:
    seen: set[tuple[str, str]] = field(default_factory=set)
    counts: Counter[tuple[str | None, str, str]] = field(default_factory=Counter)
    reasons: Counter[tuple[str | None, str, str]] = field(default_factory=Counter)

    def apply(self, event: ObservedEvent) -> None:
        outcome = OUTCOMES.get(event.name)
        if event.service != "notifications" or outcome is None:
            return
        notification = event.text("notification_id") or event.subject or event.id
        if (notification, outcome) in self.seen:
            return
        self.seen.add((notification, outcome))
        channel = event.text("channel") or "unknown"
        self.counts[(event.area, channel, outcome)] += 1
        if outcome == "failed":
            # The finer code where there is one: `reason` is a closed set, so new kinds
            # (outcome_unknown, contact_details_missing) arrive under an older reason.
            reason = event.text("failure_code") or event.text("reason") or "unknown"
            self.reasons[(event.area, channel, reason)] += 1

    def follow_up(self, area: str | None = None) -> dict[str, int]:
        """Failures needing follow-up, by reason (every reason listed, zeros included)."""
        return {
            reason: sum(
                n
                for (a, _, r), n in self.reasons.items()
                if r == reason and (area is None or a == area)
            )
            for reason in FOLLOW_UP_REASONS
        }

    def report(self, area: str | None = None) -> list[ChannelCounts]:
        def total(channel: str, outcome: str) -> int:
            return sum(
                n
                for (a, c, o), n in self.counts.items()
                if c == channel and o == outcome and (area is None or a == area)
            )

        channels = sorted({c for (a, c, _) in self.counts if area is None or a == area})
        return [
            ChannelCounts(
                channel,
                total(channel, "sent"),
                total(channel, "delivered"),
                total(channel, "failed"),
                {
                    r: n
                    for (a, c, r), n in sorted(self.reasons.items())
                    if c == channel and (area is None or a == area)
                },
            )
            for channel in channels
        ]

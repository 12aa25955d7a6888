"""Notifications sent, delivered and failed, by channel (and failures by reason)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ops.domain.observed import ObservedEvent

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
            # The finer code where there is one (outcome_unknown, contact_details_missing…).
            reason = event.text("failure_code") or event.text("reason") or "unknown"
            self.reasons[(event.area, channel, reason)] += 1

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

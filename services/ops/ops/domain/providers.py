"""Message providers (SMTP, GOV.UK Notify, the SMS file) as notifications reports them.

Notifications pauses a provider when the provider itself fails (refused, timed out, 5xx,
429, authentication) and keeps its messages pending; it publishes `ProviderPaused` and, once
a probe succeeds, `ProviderResumed`, keyed by the provider's name. Read tolerantly: a field
that is missing reads as unknown, and the envelope's time stands in for a missing time.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from ops.domain.observed import ObservedEvent

PAUSED = "ProviderPaused"
RESUMED = "ProviderResumed"


@dataclass(frozen=True)
class ProviderState:
    provider: str
    channel: str | None
    paused: bool
    since: datetime
    """Paused: when this pause began. Running: when it resumed."""
    reason: str | None = None
    retry_at: datetime | None = None
    paused_for_s: float | None = None
    pauses: int = 0
    last_report: datetime | None = None


@dataclass
class Providers:
    states: dict[str, ProviderState] = field(default_factory=dict)

    def apply(self, event: ObservedEvent) -> None:
        if event.service != "notifications" or event.name not in (PAUSED, RESUMED):
            return
        provider = event.text("provider") or event.subject
        if not provider:
            return
        known = self.states.get(provider)
        at = event.moment("paused_at" if event.name == PAUSED else "resumed_at") or event.time
        if known is not None and at < self._last_change(known):
            return  # an older report arriving late: the newer state stands
        channel = event.text("channel") or (known.channel if known else None)
        if event.name == RESUMED:
            self.states[provider] = ProviderState(
                provider,
                channel,
                paused=False,
                since=at,
                paused_for_s=event.number("paused_for_s"),
                pauses=known.pauses if known else 0,
            )
        elif known is not None and known.paused:
            # Still the same pause: a later report updates the reason and the next probe.
            self.states[provider] = replace(
                known,
                channel=channel,
                reason=event.text("reason") or known.reason,
                retry_at=event.moment("retry_at") or known.retry_at,
                last_report=at,
            )
        else:
            self.states[provider] = ProviderState(
                provider,
                channel,
                paused=True,
                since=at,
                reason=event.text("reason"),
                retry_at=event.moment("retry_at"),
                pauses=(known.pauses if known else 0) + 1,
            )

    def report(self) -> list[ProviderState]:
        """Paused providers first, then by name."""
        return sorted(self.states.values(), key=lambda s: (not s.paused, s.provider))

    def paused(self) -> list[ProviderState]:
        return [s for s in self.report() if s.paused]

    @staticmethod
    def _last_change(state: ProviderState) -> datetime:
        return state.last_report or state.since

"""Delivery providers notifications has paused (an outage), until it resumes them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ops.domain.observed import ObservedEvent


@dataclass(frozen=True)
class PausedProvider:
    provider: str
    channel: str
    reason: str
    paused_at: datetime | None
    retry_at: datetime | None


@dataclass
class Providers:
    """Keyed by provider on the topic, so its pauses and resumes arrive in order."""

    paused: dict[str, PausedProvider] = field(default_factory=dict)

    def apply(self, event: ObservedEvent) -> None:
        if event.service != "notifications":
            return
        provider = event.text("provider") or event.subject
        if provider is None:
            return
        if event.name == "ProviderPaused":
            self.paused[provider] = PausedProvider(
                provider,
                event.text("channel") or "unknown",
                event.text("reason") or "unknown",
                event.moment("paused_at"),
                event.moment("retry_at"),
            )
        elif event.name == "ProviderResumed":
            self.paused.pop(provider, None)

    def report(self) -> list[PausedProvider]:
        return sorted(self.paused.values(), key=lambda p: p.provider)

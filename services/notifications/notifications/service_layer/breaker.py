"""Provider outages pause sending (a circuit breaker); they never fail the people waiting.

A provider that refuses everyone (no connection, timeouts, 5xx, 429, our credentials) is
paused in the database, so every replica sees it. Its messages stay pending, uncounted;
one send at a time probes it, with backoff doubling up to a cap. The first send that gets
through resumes it and brings its waiting messages forward. Messages still waiting once
the provider has been paused longer than the outage window fail with a platform reason.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from prometheus_client import Counter, Gauge

from notifications.domain.messages import OutageKind
from notifications.domain.pauses import Pause
from notifications.events import ProviderPaused, ProviderResumed
from notifications.service_layer.unit_of_work import UnitOfWork
from t2t_shared.topics import Topics

log = logging.getLogger(__name__)

PAUSED = Gauge("t2t_notifications_provider_paused", "1 while a provider is paused", ["provider"])
PAUSES = Counter(
    "t2t_notifications_provider_pauses_total", "Provider pauses by reason", ["provider", "reason"]
)


@dataclass(frozen=True)
class BreakerPolicy:
    first_probe_s: float = 5.0
    max_probe_s: float = 300.0
    window_s: float = 24 * 3600.0
    # A probe's turn is held this long, so no other replica probes alongside it.
    probe_lease_s: float = 120.0


@dataclass(frozen=True)
class Gate:
    """Whether a message may go to its provider now, and if not, until when it waits."""

    send: bool
    probe: bool = False
    retry_at: datetime | None = None
    # Paused longer than the outage window: a message that cannot go now fails.
    expired: bool = False


def paused_marker(provider: str) -> str:
    """`last_error` of a message waiting out its provider's pause."""
    return f"provider paused: {provider}"


class ProviderBreaker:
    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        topics: Topics,
        policy: BreakerPolicy,
        clock: Callable[[], datetime],
    ) -> None:
        self._uow = uow_factory
        self._topic = topics.events("notifications")
        self._observed_at = float("-inf")
        self._policy = policy
        self._clock = clock

    def observation_due(self, every_s: float) -> bool:
        """True at most once per `every_s`: when a round with nothing to send reads pauses."""
        now = time.monotonic()
        if now - self._observed_at < every_s:
            return False
        self._observed_at = now
        return True

    def observe(self, providers: tuple[str, ...], pauses: dict[str, Pause]) -> None:
        """Every replica reports the shared state, so the gauge is right from any of them."""
        for name in providers:
            PAUSED.labels(name).set(1 if name in pauses else 0)

    async def gate(self, provider: str, pause: Pause | None) -> Gate:
        if pause is None:
            return Gate(send=True)
        now = self._clock()
        async with self._uow() as uow:
            retry_at = await uow.pauses.take_probe(
                provider, now, now + timedelta(seconds=self._policy.probe_lease_s)
            )
            await uow.commit()
        expired = now - pause.paused_at > timedelta(seconds=self._policy.window_s)
        if retry_at is None:
            # Probing goes on after the window too: otherwise the provider never resumes.
            return Gate(send=True, probe=True, expired=expired)
        if retry_at <= now:
            return Gate(send=True)  # resumed since the round began
        if pause.retry_at <= now:
            # Another send took the probe just now: if it gets through, this one need not
            # wait out the probe's whole turn.
            retry_at = min(retry_at, now + timedelta(seconds=self._policy.first_probe_s))
        return Gate(send=False, retry_at=retry_at, expired=expired)

    async def failed(
        self, provider: str, channel: str, kind: OutageKind, pause: Pause | None, probe: bool
    ) -> datetime:
        """Record the outage (a new pause, or a failed probe); when to try again."""
        now = self._clock()
        async with self._uow() as uow:
            if probe and pause is not None:
                retry_at = now + self._backoff(pause.probes + 1)
                await uow.pauses.probe_failed(provider, kind, retry_at)
            else:
                retry_at = now + timedelta(seconds=self._policy.first_probe_s)
                started = Pause(provider, channel, kind, now, retry_at)
                if await uow.pauses.pause(started):
                    await uow.outbox.add_events(
                        [
                            ProviderPaused(
                                **_ids(provider, channel),
                                reason=kind,
                                paused_at=now,
                                retry_at=retry_at,
                            )
                        ],
                        topic=self._topic,
                    )
                    PAUSES.labels(provider, kind).inc()
                    PAUSED.labels(provider).set(1)
                    log.warning("provider paused", extra={"provider": provider, "reason": kind})
            await uow.commit()
        return retry_at

    async def succeeded(self, provider: str, channel: str) -> None:
        """A send got through: end the pause (once, whichever replica sees it first)."""
        now = self._clock()
        async with self._uow() as uow:
            ended = await uow.pauses.resume(provider)
            if ended is not None:
                await uow.claims.bring_forward(paused_marker(provider), now)
                paused_for = max(0.0, (now - ended.paused_at).total_seconds())
                await uow.outbox.add_events(
                    [
                        ProviderResumed(
                            **_ids(provider, channel), resumed_at=now, paused_for_s=paused_for
                        )
                    ],
                    topic=self._topic,
                )
                PAUSED.labels(provider).set(0)
                log.warning("provider resumed", extra={"provider": provider})
            await uow.commit()

    def _backoff(self, probes: int) -> timedelta:
        seconds = self._policy.first_probe_s * 2 ** max(0, probes)
        return timedelta(seconds=min(self._policy.max_probe_s, seconds))


def _ids(provider: str, channel: str) -> dict[str, str]:
    return {"provider": provider, "channel": channel}

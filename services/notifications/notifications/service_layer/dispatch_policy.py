"""How the dispatcher sends: batch sizes, workers, retries, fencing times and the send cap."""

from __future__ import annotations

from dataclasses import dataclass, field

from notifications.domain.quiet_hours import QuietHours
from notifications.service_layer.breaker import BreakerPolicy


@dataclass(frozen=True)
class DispatchPolicy:
    # Claimed rows are all sent at once, so a crash leaves at most workers x batch_size
    # claims unsettled (flagged 'interrupted', never resent).
    batch_size: int = 10
    workers: int = 4
    # Outcomes are recorded as sends finish, this many to a transaction.
    record_every: int = 10
    max_attempts: int = 5
    first_backoff_s: float = 5.0
    # Handlers wake the dispatcher when they commit a message due now; this poll (one
    # worker's) is the safety net for messages due later or committed by another replica.
    poll_interval_s: float = 0.5
    # A claim not renewed for this long belongs to a sender that died.
    abandoned_after_s: float = 120.0
    # Claims in progress are renewed this often (sends may wait on a rate limit or a pool).
    renew_every_s: float = 30.0
    # At shutdown, sends in progress get this long to finish and be recorded.
    drain_timeout_s: float = 15.0
    # How long a send whose outcome is unknown waits before the provider is asked for it.
    unknown_grace_s: float = 60.0
    quiet_hours: QuietHours | None = field(default_factory=QuietHours)
    # Sends to one person's or volunteer's address in 24 hours; 0: no cap (send_cap.py).
    sends_per_recipient_per_day: int = 0
    breaker: BreakerPolicy = field(default_factory=BreakerPolicy)

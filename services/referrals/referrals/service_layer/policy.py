"""What the journey's rules need beyond a command: the service's settings and its clock."""

from __future__ import annotations

from dataclasses import dataclass, field

from t2t_shared.kernel.clock import Clock, utc_now


@dataclass(frozen=True)
class Policy:
    contact_target_working_days: int = 2
    unreachable_after_failed_attempts: int = 3
    clock: Clock = field(default=utc_now)


class NotFound(Exception):
    pass


class OutOfScope(Exception):
    """The caller's areas do not include the referral's."""


class KeyTaken(Exception):
    """Another transaction stored the same Idempotency-Key first (`IdempotencyKeys.remember`)."""

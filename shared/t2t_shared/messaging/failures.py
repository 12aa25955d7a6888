"""Where a failed event goes next: the retry topic with a growing delay, or the DLQ."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import ValidationError

from t2t_shared.envelope import Headers, MalformedEnvelope

ORIGINAL_TOPIC = "t2t-original-topic"
ORIGINAL_PARTITION = "t2t-original-partition"
ORIGINAL_OFFSET = "t2t-original-offset"
ATTEMPT = "t2t-attempt"
ERROR = "t2t-error"
RETRY_AT = "t2t-retry-at"
CONSUMER = "t2t-consumer"
FAILURE_HEADERS = (
    ORIGINAL_TOPIC,
    ORIGINAL_PARTITION,
    ORIGINAL_OFFSET,
    ATTEMPT,
    ERROR,
    RETRY_AT,
    CONSUMER,
)


class PermanentHandlerError(Exception):
    """The event can never be handled as it is (missing data, unknown reference): no retry."""


PERMANENT_ERRORS: tuple[type[BaseException], ...] = (
    PermanentHandlerError,
    MalformedEnvelope,
    ValidationError,
)


def describe_error(exc: BaseException) -> str:
    """A short reason for the DLQ header; pydantic's own text quotes input values, so not that."""
    if isinstance(exc, ValidationError):
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['type']}" for err in exc.errors()
        )
        return f"ValidationError: {problems}"[:500]
    return f"{type(exc).__name__}: {exc}"[:500]


@dataclass(frozen=True)
class FailureRoute:
    topic: str
    headers: Headers
    dead: bool


def route_failure(
    *,
    consumer: str,
    retry_topic: str,
    dlq_topic: str,
    delays_s: Sequence[float],
    attempt: int,
    exc: BaseException,
    source_topic: str,
    partition: int,
    offset: int,
    headers: Sequence[tuple[str, bytes | None]],
    now: float | None = None,
) -> FailureRoute:
    """Attempt n (0 = first delivery) failed: retry after delays_s[n], or dead-letter."""
    previous = {k: v for k, v in headers if k in FAILURE_HEADERS and v is not None}
    kept: Headers = [(k, v) for k, v in headers if k not in FAILURE_HEADERS and v is not None]
    dead = isinstance(exc, PERMANENT_ERRORS) or attempt >= len(delays_s)
    origin: Headers = [
        (ORIGINAL_TOPIC, previous.get(ORIGINAL_TOPIC, source_topic.encode())),
        (ORIGINAL_PARTITION, previous.get(ORIGINAL_PARTITION, str(partition).encode())),
        (ORIGINAL_OFFSET, previous.get(ORIGINAL_OFFSET, str(offset).encode())),
        (ATTEMPT, str(attempt + 1).encode()),
        (ERROR, describe_error(exc).encode()),
        (CONSUMER, consumer.encode()),
    ]
    if not dead:
        due = (now if now is not None else time.time()) + delays_s[attempt]
        origin.append((RETRY_AT, f"{due:.3f}".encode()))
    return FailureRoute(topic=dlq_topic if dead else retry_topic, headers=kept + origin, dead=dead)

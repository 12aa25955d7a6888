"""Where a failed event goes next: the retry topic with a growing delay, or the DLQ."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import ValidationError

from t2t_shared.envelope import Headers, MalformedEnvelope
from t2t_shared.logging import sqlstate

ORIGINAL_TOPIC = "t2t-original-topic"
ORIGINAL_PARTITION = "t2t-original-partition"
ORIGINAL_OFFSET = "t2t-original-offset"
ATTEMPT = "t2t-attempt"
ERROR = "t2t-error"
RETRY_AT = "t2t-retry-at"
CONSUMER = "t2t-consumer"
REASON = "t2t-reason"
# Set on a contact record's retry or DLQ copy: the value stays on its compacted topic.
VALUE_WITHHELD = "t2t-value-withheld"
FAILURE_HEADERS = (
    ORIGINAL_TOPIC,
    ORIGINAL_PARTITION,
    ORIGINAL_OFFSET,
    ATTEMPT,
    ERROR,
    RETRY_AT,
    CONSUMER,
    REASON,
    VALUE_WITHHELD,
)


WITHHELD_NOTE = (
    "contact record: value withheld; recover it by re-reading the compacted contacts topic "
    "(t2t-original-topic) at t2t-original-partition / t2t-original-offset, or the key's latest"
)


class PermanentHandlerError(Exception):
    """The event can never be handled as it is (missing data, unknown reference): no retry."""


PERMANENT_ERRORS: tuple[type[BaseException], ...] = (
    PermanentHandlerError,
    MalformedEnvelope,
    ValidationError,
)


def describe_error(exc: BaseException) -> str:
    """A short reason for DLQ headers and logs: the type, and what can hold no personal data.

    A database error's text quotes the failing row and its parameters, and pydantic's
    quotes input values, so neither is ever used: a database error is its SQLSTATE, a
    validation error its field paths and error types. Only our own `PermanentHandlerError`
    messages (written for this header, from ids and coded values) are kept.
    """
    name = type(exc).__name__
    if isinstance(exc, ValidationError):
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['type']}" for err in exc.errors()
        )
        return f"{name}: {problems}"[:500]
    if isinstance(exc, PermanentHandlerError):
        return f"{name}: {exc}"[:500]
    code = sqlstate(exc)
    return f"{name} (SQLSTATE {code})" if code else name


@dataclass(frozen=True)
class FailureRoute:
    topic: str
    headers: Headers
    dead: bool
    withheld: bool = False


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
    withhold_value: bool = False,
) -> FailureRoute:
    """Attempt n (0 = first delivery) failed: retry after delays_s[n], or dead-letter.

    `headers` must be trusted (see `provenance.origin`): failure headers in them are
    carried on. With `withhold_value` (a contact record) the copy says where the value is.
    """
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
    reason = getattr(exc, "reason", None)
    if isinstance(reason, str):
        origin.append((REASON, reason.encode()))
    if withhold_value:
        origin.append((VALUE_WITHHELD, WITHHELD_NOTE.encode()))
    if not dead:
        due = (now if now is not None else time.time()) + delays_s[attempt]
        origin.append((RETRY_AT, f"{due:.3f}".encode()))
    return FailureRoute(
        topic=dlq_topic if dead else retry_topic,
        headers=kept + origin,
        dead=dead,
        withheld=withhold_value,
    )

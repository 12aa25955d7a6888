"""Infrastructure faults: a database or broker that is away, or a timeout. Never poison.

Such an error says nothing about the event, so the consumer retries the same event in
place (the partition waits) instead of sending it to the retry topic or the DLQ.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

import sqlalchemy.exc as sa_exc
from aiokafka.errors import KafkaConnectionError, KafkaTimeoutError, RequestTimedOutError
from prometheus_client import Counter

from t2t_shared.messaging.tuning import ConsumerTuning

log = logging.getLogger(__name__)

T = TypeVar("T")

INFRA_RETRIES = Counter(
    "t2t_consumer_infra_retries_total",
    "Events retried in place because the database or broker was unavailable",
    ["consumer", "error"],
)

# SQLSTATE classes and codes that describe the server or the connection, not the data:
# connection exceptions, insufficient resources, operator intervention (which includes
# statement_timeout's query_canceled and a shutdown), system errors, lock_not_available
# (lock_timeout), and serialization failures and deadlocks, which succeed when retried.
_SQLSTATE_CLASSES = ("08", "53", "57", "58")
_SQLSTATES = ("55P03", "40001", "40P01", "25006")


class InfrastructureUnavailable(Exception):
    """Retried in place for as long as a batch may take; the batch is then read again."""


def _sqlstate(exc: BaseException) -> str | None:
    for candidate in (exc, getattr(exc, "orig", None), getattr(exc, "__cause__", None)):
        code = getattr(candidate, "sqlstate", None) or getattr(candidate, "pgcode", None)
        if isinstance(code, str):
            return code
    return None


def is_infrastructure_error(exc: BaseException) -> bool:
    """True for faults of the database, the broker or the network, at any depth."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, InfrastructureUnavailable | ConnectionError | TimeoutError):
            return True
        if isinstance(current, OSError | sa_exc.TimeoutError | sa_exc.DisconnectionError):
            return True
        if isinstance(current, KafkaConnectionError | KafkaTimeoutError | RequestTimedOutError):
            return True
        if isinstance(current, sa_exc.DBAPIError) and current.connection_invalidated:
            return True
        if isinstance(current, sa_exc.InterfaceError):
            return True
        code = _sqlstate(current)
        if code and (code in _SQLSTATES or code[:2] in _SQLSTATE_CLASSES):
            return True
        if type(current).__module__.startswith("asyncpg") and type(current).__name__ in {
            "ConnectionDoesNotExistError",
            "InterfaceError",
            "TooManyConnectionsError",
            "CannotConnectNowError",
            "ConnectionFailureError",
        }:
            return True
        current = current.__cause__ or current.__context__
    return False


async def retry_in_place(
    attempt: Callable[[], Awaitable[T]],
    *,
    consumer: str,
    deadline: float,
    max_backoff_s: float,
    describe: dict[str, object],
) -> T:
    """Run `attempt` until it does not fail for an infrastructure reason.

    Backoff doubles from 0.2 s up to `max_backoff_s`. Past `deadline` (loop time), the
    error is raised as `InfrastructureUnavailable`, so the batch is nacked and read again
    before the broker's poll interval runs out; it never goes to the retry topic or DLQ.
    """
    loop = asyncio.get_running_loop()
    backoff = 0.2
    while True:
        try:
            return await attempt()
        except Exception as exc:
            if not is_infrastructure_error(exc):
                raise
            INFRA_RETRIES.labels(consumer, type(exc).__name__).inc()
            if loop.time() + backoff > deadline:
                raise InfrastructureUnavailable(type(exc).__name__) from exc
            log.warning(
                "infrastructure unavailable; retrying the event in place",
                extra={**describe, "error": type(exc).__name__, "retry_in_s": backoff},
            )
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, max_backoff_s)


@dataclass(frozen=True)
class InPlace:
    """One consumer's in-place retries, as its tuning says (read at each use)."""

    consumer: str
    tuning: ConsumerTuning

    def deadline(self) -> float:
        """When a batch started now must give up retrying in place."""
        return asyncio.get_running_loop().time() + self.tuning.infra_budget_s

    async def run(
        self, attempt: Callable[[], Awaitable[T]], describe: dict[str, object], deadline: float
    ) -> T:
        return await retry_in_place(
            attempt,
            consumer=self.consumer,
            deadline=deadline,
            max_backoff_s=self.tuning.infra_max_backoff_s,
            describe=describe,
        )

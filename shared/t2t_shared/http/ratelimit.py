"""Rate limiting for the public, token-less endpoints (self-referral, volunteer application)."""

from __future__ import annotations

import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from fastapi import HTTPException, Request


@dataclass
class _Bucket:
    tokens: float
    updated: float


@dataclass
class TokenBuckets:
    """A token bucket per client: `burst` requests at once, refilled at `per_minute`.

    Buckets live in the replica's memory, so N replicas allow N times the rate; the
    ingress in front of production deployments carries the global limit.
    """

    per_minute: float
    burst: int
    clock: Callable[[], float] = time.monotonic
    max_clients: int = 10_000
    _buckets: dict[str, _Bucket] = field(default_factory=dict)

    def take(self, client: str) -> float:
        """Spend one token; 0.0 when allowed, else the seconds until one is free."""
        now = self.clock()
        rate = self.per_minute / 60.0
        bucket = self._buckets.get(client)
        if bucket is None:
            if len(self._buckets) >= self.max_clients:
                self._forget_full_buckets(now, rate)
            bucket = self._buckets[client] = _Bucket(float(self.burst), now)
        bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.updated) * rate)
        bucket.updated = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) / rate

    def _forget_full_buckets(self, now: float, rate: float) -> None:
        # A bucket that has refilled says nothing a new one would not: drop it.
        self._buckets = {
            client: bucket
            for client, bucket in self._buckets.items()
            if bucket.tokens + (now - bucket.updated) * rate < self.burst
        }


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def rate_limited(
    buckets: TokenBuckets, key: Callable[[Request], str] = client_address
) -> Callable[[Request], Awaitable[None]]:
    """A dependency answering 429 with Retry-After once a client is over its rate."""

    async def dependency(request: Request) -> None:
        wait = buckets.take(key(request))
        if wait > 0:
            raise HTTPException(
                429,
                "Too many requests from this address; try again shortly",
                headers={"Retry-After": str(math.ceil(wait))},
            )

    return dependency

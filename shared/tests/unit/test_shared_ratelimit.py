"""The public endpoints' rate limiter: a burst passes, then 429 with Retry-After."""

from __future__ import annotations

import httpx
from fastapi import Depends, FastAPI

from t2t_shared.http.ratelimit import TokenBuckets, rate_limited


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_passes_then_the_client_waits_for_refill() -> None:
    clock = FakeClock()
    buckets = TokenBuckets(per_minute=6, burst=2, clock=clock)
    assert buckets.take("a") == 0.0
    assert buckets.take("a") == 0.0
    assert buckets.take("a") == 10.0
    assert buckets.take("b") == 0.0
    clock.now += 10
    assert buckets.take("a") == 0.0


def test_full_buckets_are_forgotten_when_too_many_clients() -> None:
    clock = FakeClock()
    buckets = TokenBuckets(per_minute=60, burst=1, clock=clock, max_clients=2)
    buckets.take("a")
    buckets.take("b")
    clock.now += 5
    assert buckets.take("c") == 0.0
    assert set(buckets._buckets) == {"c"}


async def test_the_dependency_answers_429_with_retry_after() -> None:
    app = FastAPI()
    limit = rate_limited(TokenBuckets(per_minute=1, burst=1))

    @app.post("/public", dependencies=[Depends(limit)])
    async def public() -> dict[str, str]:
        return {"ok": "yes"}

    transport = httpx.ASGITransport(app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        assert (await client.post("/public")).status_code == 200
        refused = await client.post("/public")
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "60"

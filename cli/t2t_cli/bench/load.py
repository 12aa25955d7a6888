"""Referrals as GP practice systems send them, posted open-loop or as a burst."""

from __future__ import annotations

import asyncio
import collections
import json
import time
from dataclasses import dataclass
from typing import Any

import aiohttp

from t2t_shared.auth import SigningKey, issue_token

from .ui import Counter

PRACTICES = ("B82005", "B86001", "B86002", "B86003", "B86004", "B86005", "B86006", "B86007")


@dataclass(frozen=True)
class Posted:
    referral_id: str
    posted_at: float  # wall clock (time.time), comparable with the services' sent_at
    response_s: float


def referral_body(i: int) -> dict[str, Any]:
    """A GP referral with consent and a referrer email: an acknowledgement and a receipt."""
    ods = PRACTICES[i % len(PRACTICES)]
    return {
        "source": "gp",
        "area": "leeds",
        "referrer": {"ods_code": ods, "name": f"Practice {ods}", "email": f"{ods.lower()}@nhs.net"},
        "person": {
            "given_name": "Sam",
            "family_name": f"Bench{i}",
            "date_of_birth": "1961-04-12",
            "postcode": "LS6 2AB",
            "email": f"person{i}@example.org",
            # Ofcom's drama range, which the referrals API accepts on purpose.
            "mobile": f"07700 900{i % 1000:03d}",
            "preferred_channel": "sms" if i % 2 else "email",
        },
        "consent": {"contact": True},
    }


def referral_json(i: int) -> bytes:
    """The body as httpx's `json=` sent it before, so the server parses the same bytes."""
    body = json.dumps(referral_body(i), ensure_ascii=False, separators=(",", ":"))
    return body.encode()


class ReferralClient:
    """POSTs referrals, each over a keep-alive HTTP/1.1 connection of its own while in flight.

    aiohttp, not httpx: the load generator shares the two cores with the stack it measures,
    and httpx cost about 1.6 ms of CPU per POST against aiohttp's 0.09 ms (5 December 2026,
    4,000 POSTs from 20 callers to a canned-answer server). The body is serialised before
    the clock starts.
    """

    def __init__(self, base_url: str, key: SigningKey) -> None:
        # An hour, the longest a token may live: far longer than a bench run.
        token = issue_token(
            key, role="coordinator", areas=["leeds"], audience="t2t-referrals", subject="bench"
        )
        self._http = aiohttp.ClientSession(
            base_url,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            # Under uvicorn's 5 s: a connection it is about to close is never reused.
            connector=aiohttp.TCPConnector(limit=0, keepalive_timeout=2.0),
            timeout=aiohttp.ClientTimeout(total=30.0),
        )
        self._next = 0
        self.errors: collections.Counter[str] = collections.Counter()

    async def aclose(self) -> None:
        await self._http.close()

    async def post(self) -> Posted | None:
        """One referral; None when it failed, which is counted in ``errors`` by cause."""
        i, self._next = self._next, self._next + 1
        body = referral_json(i)
        posted_at, started = time.time(), time.perf_counter()
        try:
            async with self._http.post("/referrals", data=body) as response:
                status, answer = response.status, await response.read()
        except (aiohttp.ClientError, TimeoutError) as exc:
            self.errors[type(exc).__name__] += 1
            return None
        if status != 201:
            # A failed POST is a finding to report, not a reason to lose the whole run.
            self.errors[f"HTTP {status}"] += 1
            return None
        answered_s = time.perf_counter() - started
        return Posted(json.loads(answer)["id"], posted_at, answered_s)


async def post_steadily(client: ReferralClient, n: int, rate: float, done: Counter) -> list[Posted]:
    """Open loop: request i leaves at i/rate whatever earlier ones are doing, as real load does."""
    loop = asyncio.get_running_loop()
    start = loop.time()

    async def one() -> Posted | None:
        posted = await client.post()
        done.add()
        return posted

    tasks = []
    for i in range(n):
        delay = start + i / rate - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one()))
    return [p for p in await _all(tasks) if p is not None]


async def post_burst(
    client: ReferralClient, n: int, concurrency: int, done: Counter
) -> list[Posted]:
    """Closed loop: ``concurrency`` callers posting back to back until ``n`` are in."""
    results: list[Posted] = []
    claimed = Counter()

    async def caller() -> None:
        while claimed.value < n:
            claimed.add()
            if (posted := await client.post()) is not None:
                results.append(posted)
            done.add()

    await _all([asyncio.create_task(caller()) for _ in range(concurrency)])
    return results


async def _all(tasks: list[asyncio.Task[Any]]) -> list[Any]:
    """Gather, but cancel the rest when one fails, so no request outlives the phase."""
    try:
        return await asyncio.gather(*tasks)
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise

"""Referrals as GP practice systems send them, posted open-loop or as a burst."""

from __future__ import annotations

import asyncio
import collections
import json
import time
from dataclasses import dataclass
from typing import Any

from t2t_shared.auth import SigningKey, issue_token

from .http11 import Http11Client, HttpError
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
    """The body as httpx's `json=` sent it, so the server parses the same bytes as before."""
    body = json.dumps(referral_body(i), ensure_ascii=False, separators=(",", ":"))
    return body.encode()


class ReferralClient:
    """POSTs referrals, each over a keep-alive HTTP/1.1 connection of its own while in flight.

    The request (token, headers, body) is built before its clock starts; the client is
    `Http11Client`, as httpx cost the bench's shared cores ~2 ms of CPU per POST.
    """

    def __init__(self, base_url: str, key: SigningKey) -> None:
        # An hour, the longest a token may live: far longer than a bench run.
        token = issue_token(
            key, role="coordinator", areas=["leeds"], audience="t2t-referrals", subject="bench"
        )
        self._http = Http11Client(base_url, {"Authorization": f"Bearer {token}"})
        self._next = 0
        self.errors: collections.Counter[str] = collections.Counter()

    async def aclose(self) -> None:
        await self._http.aclose()

    async def post(self) -> Posted | None:
        """One referral; None when it failed, which is counted in ``errors`` by cause."""
        i, self._next = self._next, self._next + 1
        request = self._http.request("POST", "/referrals", referral_json(i))
        posted_at, started = time.time(), time.perf_counter()
        try:
            response = await self._http.send(request)
        except (OSError, TimeoutError, HttpError, asyncio.IncompleteReadError) as exc:
            self.errors[type(exc).__name__] += 1
            return None
        if response.status != 201:
            # A failed POST is a finding to report, not a reason to lose the whole run.
            self.errors[f"HTTP {response.status}"] += 1
            return None
        answered_s = time.perf_counter() - started
        return Posted(json.loads(response.body)["id"], posted_at, answered_s)


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

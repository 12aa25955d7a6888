"""Phase 3: practices, professionals and people refer; coordinators triage and make contact."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from t2t_cli.demo.client import Api
from t2t_cli.demo.people import Practice, person, practices
from t2t_cli.demo.plan import REJECT_REASONS, SOURCES, DropOff
from t2t_cli.demo.tally import Tally


@dataclass
class Referred:
    referral_id: str
    area: str
    accepted: bool = False
    reached: bool = False


def referring_practices(
    rng: random.Random, areas: list[str], per_area: int, drop: DropOff, tally: Tally
) -> dict[str, list[Practice]]:
    """The practices that refer; the rest of each area's practices stay silent (as in the pilot)."""
    active: dict[str, list[Practice]] = {}
    for i, area in enumerate(areas):
        every = practices(rng, area, per_area, first=80000 + 100 * i)
        silent = max(1, round(per_area * drop.silent_practices))
        tally.silent_practices += silent
        active[area] = every[silent:]
    return active


def pick_source(rng: random.Random) -> str:
    roll, total = rng.random(), 0.0
    for source, share in SOURCES:
        total += share
        if roll < total:
            return source
    return SOURCES[0][0]


async def refer(
    api: Api, rng: random.Random, area: str, n: int, referrer: Practice, today: date
) -> tuple[str, str]:
    """One referral through the route its source would take; returns (id, source).

    Who the person is comes from a stream of its own, fresh on every run: a second run on
    the same stack must not meet the first run's people as duplicates (nor reuse their
    Idempotency-Keys), while the seed still decides how the story goes.
    """
    identity = random.Random(f"{uuid.uuid4()}")
    source = pick_source(rng)
    body: dict[str, object] = {
        "source": source,
        "area": area,
        "person": person(identity, area, n, today=today).body(),
        "consent": {"contact": True},
        "format_preference": rng.choice((None, None, None, "in_person", "online")),
    }
    if source in {"gp", "health_professional"}:
        body["referrer"] = {
            "ods_code": referrer.ods_code,
            "name": referrer.name,
            "email": referrer.email,
        }
        role, ods = "referrer", referrer.ods_code
    else:
        # Self and community referrals taken by phone by a coordinator.
        role, ods = "coordinator", None
    created = await api.call(
        "POST",
        "referrals",
        "/referrals",
        role=role,
        ods_code=ods,
        json=body,
        headers={"Idempotency-Key": str(uuid.UUID(int=identity.getrandbits(128)))},
    )
    return str(created["id"]), source


async def triage_and_contact(
    api: Api, rng: random.Random, referral: Referred, drop: DropOff, tally: Tally
) -> None:
    base = f"/referrals/{referral.referral_id}"
    if rng.random() < drop.rejected_at_triage:
        reason = rng.choice(REJECT_REASONS)
        await api.call("POST", "referrals", base + "/reject", json={"reason": reason})
        tally.rejected[reason] += 1
        return
    await api.call("POST", "referrals", base + "/accept")
    referral.accepted = True
    tally.reach(referral.referral_id, referral.area, "accepted")
    unreachable = rng.random() < drop.unreachable
    failures = 3 if unreachable else int(rng.random() < drop.reached_after_a_failed_try)
    for _ in range(failures):
        outcome = rng.choice(("no_answer", "left_message"))
        answer = await api.call(
            "POST",
            "referrals",
            base + "/contact-attempts",
            json={"channel": "phone", "outcome": outcome},
        )
        if answer["closed_unreachable"]:
            tally.unreachable += 1
            return
    await api.call(
        "POST",
        "referrals",
        base + "/contact-attempts",
        json={"channel": "phone", "outcome": "reached"},
    )
    referral.reached = True
    tally.reach(referral.referral_id, referral.area, "contacted")


async def referrals_year(
    api: Api,
    rng: random.Random,
    active: dict[str, list[Practice]],
    count: int,
    today: date,
    drop: DropOff,
    tally: Tally,
    advance: Callable[[], None],
) -> list[Referred]:
    areas = sorted(active)
    plan = [(n, rng.choice(areas), rng.randrange(2**32)) for n in range(count)]
    referred: list[Referred] = []

    async def one(n: int, area: str, seed: int) -> None:
        own = random.Random(seed)
        referral_id, source = await refer(api, own, area, n, own.choice(active[area]), today)
        tally.by_source[source] += 1
        tally.reach(referral_id, area, "received")
        referral = Referred(referral_id, area)
        referred.append(referral)
        await triage_and_contact(api, own, referral, drop, tally)
        advance()

    await asyncio.gather(*(one(*args) for args in plan))
    return referred

"""What the platform's users do during a chaos run, through the public APIs only.

Before the nemesis starts: the GP practice register is imported, volunteers apply and are
trained, groups open with them as facilitators. Then, paced over the whole fault window:
referrals (with consent, by every route, people preferring SMS or email) are made and
accepted by a coordinator, so that groups places each person or puts them on its waiting
list; a few people are erased straight after their referral instead.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime

from t2t_cli.demo.client import DemoError
from t2t_cli.demo.opening import open_groups
from t2t_cli.demo.people import Practice, practices
from t2t_cli.demo.plan import DropOff
from t2t_cli.demo.recruiting import recruit
from t2t_cli.demo.referring import refer
from t2t_cli.demo.register import import_sample_register
from t2t_cli.demo.tally import Tally

from .client import ChaosApi
from .config import ChaosConfig

# Nobody leaves on the way: every volunteer trained is a facilitator the run can use.
NOBODY_LEAVES = DropOff(volunteer_leaves_in_screening=0.0, volunteer_leaves_in_training=0.0)


@dataclass
class WorkloadResult:
    referrals: list[str] = field(default_factory=list)
    accepted: list[str] = field(default_factory=list)
    groups: int = 0
    facilitators: int = 0
    erased: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


async def set_up(api: ChaosApi, config: ChaosConfig, areas: list[str]) -> WorkloadResult:
    """The practice register, facilitators trained and groups open in every area, before any
    fault. Without the register every GP referral is refused (422: not a GP practice), and
    the run would drive a fraction of its referrals through the faults."""
    rng = random.Random(config.seed)  # noqa: S311 - a repeatable simulation, not security
    tally, today = Tally(), datetime.now(UTC).date()
    await import_sample_register(api, tally)
    for practice in referring_practices(areas).values():
        for one in practice:  # the register has no emails: their receipts need one each
            body = {"email": f"{one.ods_code.lower()}@nhs.net"}
            path = f"/practices/{one.ods_code}/receipt-email"
            await api.call("PUT", "referrals", path, role="admin", json=body)
    trained = await recruit(
        api, rng, areas, config.volunteers_per_area, today, NOBODY_LEAVES, tally, lambda: None
    )
    opened = await open_groups(api, rng, trained, config.groups_per_area, tally, lambda: None)
    return WorkloadResult(
        groups=sum(len(g) for g in opened.values()),
        facilitators=sum(len(v) for v in trained.values()),
    )


async def erase(api: ChaosApi, referral_id: str) -> None:
    """The person asks to be forgotten right after being referred: their contact record and
    its tombstone follow each other closely, as erasure's race needs."""
    referral = await api.call("GET", "referrals", f"/referrals/{referral_id}")
    await api.call("DELETE", "referrals", f"/people/{referral['person_id']}", role="admin")


def referring_practices(
    areas: list[str], rng: random.Random | None = None
) -> dict[str, list[Practice]]:
    """Four practices an area, all in the shipped sample register (their codes are fixed)."""
    rng = rng or random.Random(0)  # noqa: S311 - names only
    return {area: practices(rng, area, 4, first=70000 + 100 * i) for i, area in enumerate(areas)}


async def refer_and_accept(
    api: ChaosApi,
    config: ChaosConfig,
    areas: list[str],
    over_s: float,
    result: WorkloadResult,
) -> None:
    """``config.referrals`` referrals, started at an even pace over ``over_s`` seconds;
    a share of the people are erased at once, the others accepted."""
    rng = random.Random(config.seed + 1)  # noqa: S311 - a repeatable simulation
    today = datetime.now(UTC).date()
    referring = referring_practices(areas, rng)
    gap = over_s / max(1, config.referrals)

    async def one(n: int, area: str, seed: int) -> None:
        own = random.Random(seed)  # noqa: S311
        try:
            referral_id, _ = await refer(api, own, area, n, own.choice(referring[area]), today)
            result.referrals.append(referral_id)
            if own.random() < config.erase_share:
                await erase(api, referral_id)
                result.erased.append(referral_id)
                return
            # A retried accept that had in fact gone through answers 409: it is accepted.
            await api.call(
                "POST", "referrals", f"/referrals/{referral_id}/accept", expect=(200, 409)
            )
            result.accepted.append(referral_id)
        except DemoError as exc:
            result.errors.append(str(exc)[:300])

    tasks = []
    start = asyncio.get_running_loop().time()
    for n in range(config.referrals):
        due = start + n * gap
        if (delay := due - asyncio.get_running_loop().time()) > 0:
            await asyncio.sleep(delay)
        area = rng.choice(areas)
        tasks.append(asyncio.create_task(one(n, area, rng.randrange(2**32))))
    await asyncio.gather(*tasks)

"""Phase 1: volunteers apply on the public form; coordinators screen and train them."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from t2t_cli.demo.client import Api
from t2t_cli.demo.people import person
from t2t_cli.demo.plan import LEAVE_REASONS, DropOff
from t2t_cli.demo.tally import Tally

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday")
PARTS = ("morning", "afternoon", "evening")
SUPERVISORS = (
    ("Diabetes specialist nurse", "NHS Foundation Trust"),
    ("Practice nurse", "Primary care network"),
    ("Dietitian", "Community health services"),
)


def forwarded_for(rng: random.Random) -> dict[str, str]:
    """Each applicant comes from their own address, as they would through the ingress."""
    return {
        "X-Forwarded-For": f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
    }


async def apply(api: Api, rng: random.Random, area: str, n: int, today: date) -> str:
    someone = person(rng, area, n, today=today)
    body = {
        "given_name": someone.given_name,
        "family_name": someone.family_name,
        "email": someone.email,
        "mobile": someone.mobile,
        "preferred_channel": someone.preferred_channel,
        "area": area,
        "lived_experience": True,
        "availability": [
            {"day": day, "part_of_day": rng.choice(PARTS)} for day in rng.sample(DAYS, 2)
        ],
        "motivation": "Peer support helped me manage my diabetes; I would like to give back.",
        "consent_to_contact": True,
    }
    created = await api.call(
        "POST", "volunteers", "/applications", role=None, json=body, headers=forwarded_for(rng)
    )
    return str(created["volunteer_id"])


async def screen_and_train(
    api: Api, rng: random.Random, volunteer: str, today: date, drop: DropOff, tally: Tally
) -> bool:
    """True when the volunteer ends trained; leavers are recorded with a coded reason."""
    base = f"/volunteers/{volunteer}"

    async def act(method: str, path: str, json: Any = None) -> None:
        await api.call(method, "volunteers", base + path, json=json)

    await act("POST", "/screening")
    if rng.random() < drop.volunteer_leaves_in_screening:
        reason = rng.choice(LEAVE_REASONS[:2])
        await act("POST", "/leave", {"reason": reason})
        tally.leavers[reason] += 1
        return False
    for n in (1, 2):
        await act("PUT", f"/references/{n}", {"received_on": str(today), "satisfactory": True})
    await act(
        "PUT",
        "/dbs",
        {
            "status": "complete",
            "level": "enhanced",
            "certificate_number": f"{rng.randrange(10**12):012d}",
            "issued_on": str(today),
            "renewal_due": str(today + timedelta(days=3 * 365)),
        },
    )
    tally.volunteers["screened"] += 1
    await act("POST", "/training/core_facilitator/start")
    if rng.random() < drop.volunteer_leaves_in_training:
        reason = rng.choice(LEAVE_REASONS[2:])
        await act("POST", "/leave", {"reason": reason})
        tally.leavers[reason] += 1
        return False
    await act("POST", "/training/core_facilitator/complete", {"sessions_attended": 4})
    role, organisation = rng.choice(SUPERVISORS)
    await act(
        "PUT",
        "/supervisor",
        {
            "name": f"{rng.choice(('Dr', 'Ms', 'Mr'))} Patel",
            "role": role,
            "organisation": organisation,
        },
    )
    tally.volunteers["trained"] += 1
    return True


async def recruit(
    api: Api,
    rng: random.Random,
    areas: list[str],
    per_area: int,
    today: date,
    drop: DropOff,
    tally: Tally,
    advance: Callable[[], None],
) -> dict[str, list[str]]:
    """Every area's trained facilitators, by volunteer id."""
    trained: dict[str, list[str]] = {area: [] for area in areas}
    # Each volunteer gets their own random stream, so concurrency does not change the outcome.
    seeds = [(area, n, rng.randrange(2**32)) for area in areas for n in range(per_area)]

    async def one(area: str, n: int, seed: int) -> None:
        own = random.Random(seed)
        volunteer = await apply(api, own, area, n, today)
        tally.volunteers["applied"] += 1
        if await screen_and_train(api, own, volunteer, today, drop, tally):
            trained[area].append(volunteer)
        advance()

    await asyncio.gather(*(one(*args) for args in seeds))
    for volunteers in trained.values():
        volunteers.sort()
    return trained

"""Phase 4: people answer the places groups offered them; groups take their registers."""

from __future__ import annotations

import asyncio
import random
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from t2t_cli.demo.client import Api
from t2t_cli.demo.plan import DropOff
from t2t_cli.demo.referring import Referred
from t2t_cli.demo.tally import Tally

MAX_ROUNDS = 12


async def placement(api: Api, referral_id: str) -> dict[str, Any]:
    # Groups places the person when it hears ReferralAccepted: until then it knows nobody.
    found: dict[str, Any] = await api.call(
        "GET", "groups", f"/placements/{referral_id}", wait_while=(404,)
    )
    return found


async def answer_offers(
    api: Api,
    rng: random.Random,
    accepted: list[Referred],
    drop: DropOff,
    tally: Tally,
    advance: Callable[[], None],
) -> dict[str, list[str]]:
    """Members by group. Offers keep coming while declined places pass down the lists.

    Only people we reached answer: groups withdraws the offers of referrals closed as
    unreachable by itself (on ReferralClosed).
    """
    answered: set[str] = set()
    members: dict[str, list[str]] = defaultdict(list)
    choice = {r.referral_id: rng.random() for r in accepted}
    reached = [r for r in accepted if r.reached]
    for _ in range(MAX_ROUNDS):
        open_cases = [r for r in reached if r.referral_id not in answered]
        states = await asyncio.gather(*(placement(api, r.referral_id) for r in open_cases))
        pending = [
            (r, s) for r, s in zip(open_cases, states, strict=True) if s["status"] == "offered"
        ]
        if not pending:
            break

        async def answer(referral: Referred, state: dict[str, Any]) -> None:
            rid = referral.referral_id
            if choice[rid] < drop.declines_offer:
                await api.call("POST", "groups", f"/placements/{rid}/decline")
                tally.declined_offers += 1
            else:
                await api.call("POST", "groups", f"/placements/{rid}/accept")
                members[str(state["group_id"])].append(rid)
                tally.reach(rid, referral.area, "joined")
            answered.add(rid)
            advance()

        await asyncio.gather(*(answer(r, s) for r, s in pending))
    # Placed = offered a place at some point, as the console counts PlaceOffered.
    final = await asyncio.gather(*(placement(api, r.referral_id) for r in accepted))
    for referral, state in zip(accepted, final, strict=True):
        if state["offered_at"] is not None:
            tally.reach(referral.referral_id, referral.area, "placed")
    tally.waitlisted = sum(1 for s in final if s["status"] == "waiting")
    return members


async def held_session(api: Api, group: str, starts_at: datetime) -> dict[str, Any]:
    """Record a session held at `starts_at`, or find it: an earlier run of the demo on the
    same stack within the hour placed people in the same groups and recorded it already."""
    path = f"/groups/{group}/sessions"
    created: dict[str, Any] | None = await api.call(
        "POST", "groups", path, json={"starts_at": starts_at.isoformat()}, expect=(201, 409)
    )
    if created and "id" in created:
        return created
    sessions = await api.call("GET", "groups", path)
    return next(s for s in sessions if datetime.fromisoformat(s["starts_at"]) == starts_at)


async def take_registers(
    api: Api,
    rng: random.Random,
    members: dict[str, list[str]],
    area_of: dict[str, str],
    sessions_each: int,
    drop: DropOff,
    tally: Tally,
    advance: Callable[[], None],
) -> None:
    """The first sessions' registers; regular attenders were present at 3 of their last 4."""
    present: dict[str, list[bool]] = defaultdict(list)
    plans = {group: rng.randrange(2**32) for group in sorted(members)}

    async def group_registers(group: str, seed: int) -> None:
        own = random.Random(seed)
        # The year is played in minutes, so its sessions are recorded as held in the weeks
        # behind us (as a coordinator types in paper registers), then their registers taken.
        now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
        for weeks_ago in range(sessions_each, 0, -1):
            held = await held_session(api, group, now - timedelta(weeks=weeks_ago))
            lines = []
            for rid in members[group]:
                here = own.random() >= drop.misses_session
                present[rid].append(here)
                mark = "present" if here else own.choice(("apologies", "absent"))
                lines.append({"referral_id": rid, "attendance": mark})
            await api.call("PUT", "groups", f"/sessions/{held['id']}/attendance", json=lines)
        advance()

    await asyncio.gather(*(group_registers(g, seed) for g, seed in plans.items()))
    for rid, marks in present.items():
        if any(marks):
            tally.reach(rid, area_of[rid], "attended_first_session")
        if sum(marks[-4:]) >= 3:
            tally.reach(rid, area_of[rid], "regular_attender")

"""Phase 2: coordinators set up groups with the trained facilitators and open them."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable

from t2t_cli.demo.client import Api
from t2t_cli.demo.people import venue
from t2t_cli.demo.tally import Tally

START_TIMES = ("10:00", "13:30", "18:30")
ACCESS = ("Step-free access, hearing loop", "Lift to first floor", "Ground floor, parking")


def group_body(rng: random.Random, area: str, n: int, facilitators: list[str]) -> dict[str, object]:
    # Weekly and fortnightly groups put several sessions inside the calendar's horizon,
    # so the demo can take registers; one group in five meets online.
    schedule = {
        "frequency": rng.choice(("weekly", "fortnightly", "fortnightly")),
        "weekday": rng.randrange(5),
        "start_time": rng.choice(START_TIMES),
        "duration_minutes": 90,
    }
    body: dict[str, object] = {
        "name": f"{area.title()} peer support {n + 1}",
        "area": area,
        "schedule": schedule,
        "capacity": rng.randrange(12, 19),
        "facilitator_ids": facilitators,
    }
    if n % 5 == 4:
        body |= {"format": "online", "joining_link": f"https://meet.example.org/t2t-{area}-{n + 1}"}
    else:
        name, postcode = venue(rng, area)
        body |= {
            "format": "in_person",
            "venue": {
                "name": name,
                "address": f"{rng.randrange(1, 120)} High Street, {area.title()}",
                "postcode": postcode,
                "accessibility_notes": rng.choice(ACCESS),
            },
        }
    return body


async def open_groups(
    api: Api,
    rng: random.Random,
    trained: dict[str, list[str]],
    per_area: int,
    tally: Tally,
    advance: Callable[[], None],
) -> dict[str, list[str]]:
    """Each area's open groups; two facilitators each where the area has enough."""
    bodies = []
    for area, facilitators in trained.items():
        for n in range(per_area if facilitators else 0):
            pair = [facilitators[(2 * n + k) % len(facilitators)] for k in range(2)]
            bodies.append((area, group_body(rng, area, n, sorted(set(pair)))))
    opened: dict[str, list[str]] = {area: [] for area in trained}
    leading: set[str] = set()

    async def one(area: str, body: dict[str, object]) -> None:
        # The groups service learns who is trained from volunteers' events: until that
        # arrives it refuses the facilitator (422), so wait for it.
        group = await api.call("POST", "groups", "/groups", json=body, wait_while=(422,))
        await api.call("POST", "groups", f"/groups/{group['id']}/open", wait_while=(409, 422))
        opened[area].append(str(group["id"]))
        leading.update(map(str, body["facilitator_ids"]))  # type: ignore[call-overload]
        tally.groups_opened += 1
        advance()

    await asyncio.gather(*(one(area, body) for area, body in bodies))
    # Each becomes active in volunteers when it hears groups' FacilitatorAssigned.
    tally.volunteers["active"] = len(leading)
    return opened

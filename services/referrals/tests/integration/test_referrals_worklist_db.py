"""The worklist and referrer report on the real database: filters, overdue, order, pages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from tests.fixtures.services import Infra, auth

from .db_support import database_only

pytestmark = pytest.mark.integration

LEEDS = auth("coordinator", ["leeds"])
OPS = auth("ops", ["*"])


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 10, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@dataclass
class World:
    client: httpx.AsyncClient
    ids: dict[str, str]

    async def names(self, query: str, headers: dict[str, str] = OPS) -> list[str]:
        response = await self.client.get(f"/referrals?{query}", headers=headers)
        assert response.status_code == 200, response.text
        by_id = {v: k for k, v in self.ids.items()}
        return [by_id[i["referral"]["id"]] for i in response.json()["items"]]


def body(name: str, source: str, area: str, ods: str | None) -> dict[str, Any]:
    return {
        "source": source,
        "area": area,
        "referrer": {"ods_code": ods, "name": f"Practice {ods}"} if ods else None,
        "person": {
            "given_name": name,
            "family_name": "Worklist",
            "date_of_birth": "1970-01-01",
            "postcode": "LS1 1AA",
            "email": f"{name}@example.org",
        },
        "consent": {"contact": True},
    }


@pytest.fixture(scope="module")
async def world(infra: Infra) -> AsyncIterator[World]:
    """A: GP Leeds, Monday 2 March. B: self, Wednesday 4th. C: GP Bradford, Tuesday 10th.
    D: community Leeds, Thursday 12th, reached the same day. Now: Thursday 12th, 15:00."""
    clock = Clock()
    admin = auth("admin", ["*"])
    async with database_only(infra, clock=clock) as client:
        ids: dict[str, str] = {}
        for name, when, args in (
            ("A", datetime(2026, 3, 2, 10), ("gp", "leeds", "B82005")),
            ("B", datetime(2026, 3, 4, 10), ("self", "leeds", None)),
            ("C", datetime(2026, 3, 10, 10), ("gp", "bradford", "C84001")),
            ("D", datetime(2026, 3, 12, 9), ("community", "leeds", None)),
        ):
            clock.now = when.replace(tzinfo=UTC)
            made = await client.post("/referrals", json=body(name, *args), headers=admin)
            assert made.status_code == 201, made.text
            ids[name] = made.json()["id"]
        clock.now = datetime(2026, 3, 12, 12, tzinfo=UTC)
        await client.post(f"/referrals/{ids['D']}/accept", headers=LEEDS)
        reached = {"channel": "phone", "outcome": "reached"}
        await client.post(f"/referrals/{ids['D']}/contact-attempts", json=reached, headers=LEEDS)
        clock.now = datetime(2026, 3, 12, 15, tzinfo=UTC)
        yield World(client, ids)


async def test_longest_waiting_first_and_scoped_to_the_coordinators_areas(world: World) -> None:
    assert await world.names("", LEEDS) == ["A", "B", "D"]
    assert await world.names("") == ["A", "B", "C", "D"]
    assert await world.names("sort=newest") == ["D", "C", "B", "A"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=received", ["A", "B", "C"]),
        ("status=contacted", ["D"]),
        ("area=bradford", ["C"]),
        ("source=gp", ["A", "C"]),
        ("ods_code=b82005", ["A"]),
        ("received_from=2026-03-04&received_to=2026-03-10", ["B", "C"]),
        ("received_to=2026-03-01", []),
        ("overdue=true", ["A", "B"]),
        ("overdue=false", ["C", "D"]),
        ("overdue=true&source=self", ["B"]),
    ],
)
async def test_filters(world: World, query: str, expected: list[str]) -> None:
    assert await world.names(query) == expected


async def test_pages_carry_the_total(world: World) -> None:
    response = await world.client.get("/referrals?limit=2&offset=1", headers=OPS)
    page = response.json()
    assert (page["total"], page["limit"], page["offset"]) == (4, 2, 1)
    assert await world.names("limit=2&offset=1") == ["B", "C"]


async def test_waiting_and_overdue_per_item(world: World) -> None:
    response = await world.client.get("/referrals", headers=LEEDS)
    items = {i["referral"]["person"]["given_name"]: i for i in response.json()["items"]}
    assert (items["A"]["waiting_working_days"], items["A"]["overdue"]) == (8, True)
    assert (items["D"]["waiting_working_days"], items["D"]["overdue"]) == (0, False)


async def test_referrer_counts_include_practices_without_referrals(world: World) -> None:
    response = await world.client.get("/referrers?from=2026-03-01&to=2026-03-05", headers=OPS)
    counts = [(c["ods_code"], c["area"], c["referrals"]) for c in response.json()]
    assert counts == [
        ("B82005", "leeds", 1),
        ("C84001", "bradford", 0),
        ("C84002", "wakefield", 0),
    ]
    leeds = await world.client.get("/referrers?from=2026-03-01&to=2026-03-31", headers=LEEDS)
    assert [c["ods_code"] for c in leeds.json()] == ["B82005"]

"""Requests that race each other on the real database: exactly one wins."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import pytest

from tests.fixtures.services import Infra, auth

from .db_support import database_only

pytestmark = pytest.mark.integration

COORDINATOR = auth("coordinator", ["wakefield"])


def gp_referral(n: int) -> dict[str, object]:
    return {
        "source": "gp",
        "area": "wakefield",
        "referrer": {"ods_code": "C84001", "name": "New Practice", "email": "new@nhs.example"},
        "person": {
            "given_name": f"Racer{n}",
            "family_name": "Example",
            "date_of_birth": "1955-07-07",
            "postcode": "WF1 2AA",
            "email": f"racer{n}@example.org",
        },
        "consent": {"contact": True},
    }


def self_referral(given_name: str, nhs_number: str | None) -> dict[str, Any]:
    return {
        "area": "wakefield",
        "person": {
            "given_name": given_name,
            "family_name": "Twice",
            "nhs_number": nhs_number,
            "date_of_birth": "1966-06-06",
            "postcode": "WF1 3BB",
            "email": "twice@example.org",
        },
        "consent": {"contact": True},
    }


async def test_first_referrals_of_a_new_practice_at_once_share_one_referrer(infra: Infra) -> None:
    headers = auth("referrer", ["wakefield"], ods_code="C84001")
    async with database_only(infra) as client:
        responses = await asyncio.gather(
            *(client.post("/referrals", json=gp_referral(n), headers=headers) for n in range(8))
        )
    assert [r.status_code for r in responses] == [201] * 8, [r.text for r in responses]
    assert len({r.json()["referrer"]["id"] for r in responses}) == 1


async def test_the_same_person_referred_at_once_makes_one_referral(infra: Infra) -> None:
    # Half know the NHS number, half only name, date of birth and postcode: one person.
    bodies = [self_referral("Sam", "9434765919" if n % 2 else None) for n in range(6)]
    bodies += [self_referral("SAM", None)]
    for body in bodies:
        body["source"] = "community"
    async with database_only(infra) as client:
        first_round = await asyncio.gather(
            *(client.post("/referrals", json=b, headers=COORDINATOR) for b in bodies)
        )
        worklist = await client.get("/referrals?source=community", headers=COORDINATOR)

    codes = Counter(r.status_code for r in first_round)
    assert codes == {201: 1, 409: 6}, [r.text for r in first_round]
    [created] = [r.json()["id"] for r in first_round if r.status_code == 201]
    assert {r.json()["existing_referral_id"] for r in first_round if r.status_code == 409} == {
        created
    }
    assert worklist.json()["total"] == 1


async def test_the_same_person_on_the_public_form_at_once_is_flagged_each_time(
    infra: Infra,
) -> None:
    bodies = [self_referral("Kim", "9434765919" if n % 2 else None) for n in range(5)]
    async with database_only(infra, self_referrals_burst=50) as client:
        answers = await asyncio.gather(*(client.post("/self-referrals", json=b) for b in bodies))
        worklist = await client.get("/referrals?source=self", headers=COORDINATOR)

    assert [a.status_code for a in answers] == [201] * 5, [a.text for a in answers]
    items = worklist.json()["items"]
    assert worklist.json()["total"] == 5
    # The locks queue them: each one saw every earlier one, so each is flagged with the other four.
    assert sorted(len(i["referral"]["possible_duplicates"]) for i in items) == [4] * 5
    ids = {i["referral"]["id"] for i in items}
    for item in items:
        others = {f["referral_id"] for f in item["referral"]["possible_duplicates"]}
        assert others == ids - {item["referral"]["id"]}


async def test_two_coordinators_at_once_one_wins(infra: Infra) -> None:
    async with database_only(infra) as client:
        made = await client.post("/referrals", json=gp_referral(99), headers=COORDINATOR)
        rid = made.json()["id"]
        accept, reject = await asyncio.gather(
            client.post(f"/referrals/{rid}/accept", headers=COORDINATOR),
            client.post(
                f"/referrals/{rid}/reject", json={"reason": "ineligible"}, headers=COORDINATOR
            ),
        )
        final = (await client.get(f"/referrals/{rid}", headers=COORDINATOR)).json()

        made = await client.post("/referrals", json=gp_referral(100), headers=COORDINATOR)
        rid2 = made.json()["id"]
        await client.post(f"/referrals/{rid2}/accept", headers=COORDINATOR)
        reached = {"channel": "phone", "outcome": "reached"}
        both = await asyncio.gather(
            *(
                client.post(
                    f"/referrals/{rid2}/contact-attempts", json=reached, headers=COORDINATOR
                )
                for _ in range(2)
            )
        )

    assert sorted([accept.status_code, reject.status_code]) == [200, 409]
    loser = accept if accept.status_code == 409 else reject
    assert loser.json()["current_status"] == final["status"]
    assert final["status"] in ("accepted", "rejected")
    # Both attempts are recorded, numbered apart; only one of them is the first contact.
    assert sorted(r.json()["attempt"]["number"] for r in both) == [1, 2]
    assert sorted(r.json()["first_contact"] for r in both) == [False, True]

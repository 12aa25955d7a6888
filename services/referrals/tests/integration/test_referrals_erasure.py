"""Erasure over the real database and broker: every referral of the person, provably."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
import sqlalchemy as sa

from tests.fixtures.services import Infra, auth

from .peer_records import Running, contacts_until_tombstoned, running_referrals
from .test_referrals_consumers import events_of

pytestmark = pytest.mark.integration

GP = auth("referrer", ["leeds"], ods_code="B82005")
COORDINATOR = auth("coordinator", ["leeds", "bradford"])
ADMIN = auth("admin", ["*"])


@pytest.fixture(scope="module")
async def running(infra: Infra) -> AsyncIterator[Running]:
    async with running_referrals(infra) as service:
        yield service


def person(given_name: str, nhs_number: str | None, **changes: Any) -> dict[str, Any]:
    return {
        "given_name": given_name,
        "family_name": "Erasmus",
        "nhs_number": nhs_number,
        "date_of_birth": "1957-06-30",
        "postcode": "LS6 2AB",
        "email": f"{given_name.lower()}.erasmus@example.org",
        "preferred_channel": "email",
        **changes,
    }


async def gp_referral(running: Running, who: dict[str, Any]) -> dict[str, Any]:
    body = {
        "source": "gp",
        "area": "leeds",
        "referrer": {"ods_code": "B82005", "name": "Hyde Park Surgery"},
        "person": who,
        "consent": {"contact": True},
        "notes": f"{who['given_name']} prefers mornings",
    }
    response = await running.client.post("/referrals", json=body, headers=GP)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


async def self_referral(running: Running, area: str, who: dict[str, Any]) -> dict[str, Any]:
    body = {"area": area, "person": who, "consent": {"contact": True}}
    response = await running.client.post("/self-referrals", json=body)
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


async def read(running: Running, rid: str) -> dict[str, Any]:
    return (await running.client.get(f"/referrals/{rid}", headers=COORDINATOR)).json()  # type: ignore[no-any-return]


async def test_erasure_reaches_every_referral_of_the_person_and_closes_the_open_ones(
    running: Running,
) -> None:
    nhs = "4000000012"
    first = await gp_referral(running, person("Ezra", nhs))
    accept = await running.client.post(f"/referrals/{first['id']}/accept", headers=COORDINATOR)
    assert accept.status_code == 200, accept.text
    # The same person in another area: no NHS number, the same name, birth date and postcode.
    second = await self_referral(running, "bradford", person("EZRA", None, postcode="ls62ab"))
    # Linked to the second by identity only, and to the first by NHS number only.
    third = await self_referral(running, "bradford", person("Ezra", nhs, postcode="LS7 3AA"))
    other = await gp_referral(running, person("Ezra", "4000000020", date_of_birth="1957-07-01"))
    ids = {first["id"], second["id"], third["id"]}
    person_ids = {r["person_id"] for r in (first, second, third)}
    assert len(person_ids) == 3

    erased = await running.client.delete(f"/people/{second['person_id']}", headers=ADMIN)

    assert erased.status_code == 200, erased.text
    report = erased.json()
    assert set(report["referrals"]["erased"]) == ids
    assert set(report["referrals"]["closed"]) == ids, "all three were open"
    assert set(report["persons_tombstoned"]) == person_ids
    assert report["outbox_rows_blanked"] >= 3
    assert {r["service"] for r in report["requested"]} == {"groups", "notifications", "ops"}
    for rid in ids:
        after = await read(running, rid)
        assert (after["person"], after["erased"], after["status"]) == (None, True, "closed")
    untouched = await read(running, other["id"])
    assert untouched["person"]["given_name"] == "Ezra"

    closed = [(await events_of(running, rid, 2))[-1] for rid in ids]
    assert {e["ce_type"].split(".")[2] for e in closed} == {"ReferralClosed"}
    assert {(e["outcome"], e["erased"]) for e in closed} == {("other", True)}

    contacts = await contacts_until_tombstoned(running, person_ids)
    last = {r.key.decode(): r.value for r in contacts}
    assert last == dict.fromkeys(person_ids), "a tombstone is the last word for each id"

    async with running.container.runtime.engine.connect() as conn:
        kept = await conn.scalar(
            sa.text("SELECT count(*) FROM outbox WHERE key = ANY(:k) AND value IS NOT NULL"),
            {"k": list(person_ids)},
        )
        audit = (await conn.execute(sa.text("SELECT * FROM erasure_requests"))).mappings().all()
    assert kept == 0, "no copy of a contact record is left in the outbox"
    [row] = [a for a in audit if str(a["person_id"]) == second["person_id"]]
    assert (row["requested_by"], row["requested_role"]) == ("dev", "admin"), "the token's subject"
    assert (row["referrals_erased"], row["referrals_closed"], row["persons_tombstoned"]) == (
        3,
        3,
        3,
    )
    written = json.dumps({k: str(v) for k, v in row.items()}).lower()
    assert not [v for v in ("ezra", nhs, "1957", "ls6", "example.org") if v in written]


async def test_erasing_again_answers_with_nothing_new(running: Running) -> None:
    first = await gp_referral(running, person("Edith", "4000000039"))
    url = f"/people/{first['person_id']}"
    assert (await running.client.delete(url, headers=ADMIN)).status_code == 200

    again = await running.client.delete(url, headers=ADMIN)

    assert again.status_code == 200, again.text
    report = again.json()
    assert report["referrals"] == {"erased": [], "closed": []}
    assert (report["persons_tombstoned"], report["outbox_rows_blanked"]) == ([], 0)
    assert report["requested"] == []
    unknown = await running.client.delete(f"/people/{uuid.uuid4()}", headers=ADMIN)
    assert unknown.status_code == 404

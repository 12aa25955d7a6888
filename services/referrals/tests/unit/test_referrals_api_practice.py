"""GET /practice/referrals: a practice lists only what it sent itself."""

from __future__ import annotations

import httpx

from .api_support import NHS_NUMBER, Tokens, post
from .fakes import FakeUnitOfWork


async def test_a_practice_lists_its_own_referrals_with_the_person(
    client: httpx.AsyncClient, auth: Tokens, uow: FakeUnitOfWork
) -> None:
    practice = auth("referrer", ods_code="B82005")
    assert (await post(client, practice)).status_code == 201

    response = await client.get("/practice/referrals?limit=10", headers=practice)

    assert response.status_code == 200, response.text
    [item] = response.json()["items"]
    assert item["referral"]["referrer"]["ods_code"] == "B82005"
    assert item["referral"]["person"]["nhs_number"] == NHS_NUMBER
    [asked] = uow.queries.asked
    assert (asked.ods_code, asked.areas, asked.longest_waiting_first) == (
        "B82005",
        ("leeds",),
        False,
    )


async def test_only_a_referrer_with_an_ods_code_may_list(
    client: httpx.AsyncClient, auth: Tokens
) -> None:
    assert (await client.get("/practice/referrals")).status_code == 401
    coordinator = await client.get("/practice/referrals", headers=auth())
    assert coordinator.status_code == 403
    # A referrer token without an ODS code is no token at all.
    no_practice = await client.get("/practice/referrals", headers=auth("referrer"))
    assert no_practice.status_code == 401

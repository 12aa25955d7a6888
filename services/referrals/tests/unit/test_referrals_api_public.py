"""The public self-referral form: no token, consent required, rate limited, duplicates."""

from __future__ import annotations

import copy
from typing import Any

import httpx

from .api_support import EMAIL, GP_BODY, Tokens, fields


def self_body(**changes: Any) -> dict[str, Any]:
    body = {
        "area": "leeds",
        "person": copy.deepcopy(GP_BODY["person"]),
        "consent": {"contact": True},
        "format_preference": "online",
    }
    body.update(changes)
    return body


async def refer(client: httpx.AsyncClient, body: dict[str, Any]) -> httpx.Response:
    return await client.post("/self-referrals", json=body)


async def test_a_self_referral_needs_no_token(client: httpx.AsyncClient, uow: Any) -> None:
    response = await refer(client, self_body())
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["source"] == "self"
    assert created["format_preference"] == "online"
    assert created["reference_code"].startswith("T2T-")
    assert created["person"] is None, "the form's answer does not echo personal data"
    assert EMAIL not in response.text
    stored = uow.referrals.by_id
    assert len(stored) == 1


async def test_consent_is_required(client: httpx.AsyncClient) -> None:
    response = await refer(client, self_body(consent={"contact": False}))
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "consent.contact"
    assert "consent" in error["reason"]


async def test_validated_like_any_referral(client: httpx.AsyncClient) -> None:
    body = self_body(area="atlantis", format_preference="by_post")
    body["person"]["nhs_number"] = "943 476 5918"
    response = await refer(client, body)
    assert response.status_code == 422
    assert set(fields(response)) == {"person.nhs_number", "format_preference"}
    unknown_area = await refer(client, self_body(area="atlantis"))
    assert unknown_area.status_code == 422
    assert fields(unknown_area) == ["area"]


async def test_an_anonymous_duplicate_answers_exactly_like_a_new_referral(
    client: httpx.AsyncClient, auth: Tokens
) -> None:
    first = await refer(client, self_body())
    again = await refer(client, self_body())
    stranger = self_body()
    stranger["person"].update(given_name="Stranger", nhs_number=None)
    new = await refer(client, stranger)

    assert (again.status_code, new.status_code) == (201, 201), again.text
    assert again.json().keys() == new.json().keys()
    assert again.headers.keys() == new.headers.keys()
    assert first.json()["id"] not in again.text, "nothing of the existing referral"
    assert first.json()["reference_code"] not in again.text
    assert again.json()["possible_duplicates"] == [] == new.json()["possible_duplicates"]
    assert "existing_referral_id" not in again.text

    seen = await client.get(f"/referrals/{first.json()['id']}", headers=auth())
    [flag] = seen.json()["possible_duplicates"]
    assert (flag["referral_id"], flag["matched_by"]) == (again.json()["id"], "nhs_number")


async def test_a_duplicate_form_sent_twice_discloses_nothing_either(
    client: httpx.AsyncClient,
) -> None:
    first = await refer(client, self_body())
    key = {"Idempotency-Key": "7d1f0f5e-2f0a-4a53-9a0e-1b1f7d3c2a10"}
    sent = await client.post("/self-referrals", json=self_body(), headers=key)
    resent = await client.post("/self-referrals", json=self_body(), headers=key)

    assert (sent.status_code, resent.status_code) == (201, 200)
    assert resent.json()["reference_code"] == sent.json()["reference_code"]
    assert first.json()["id"] not in resent.text
    assert resent.json()["possible_duplicates"] == []


async def test_a_practice_referral_is_not_blocked_by_a_self_referral(
    client: httpx.AsyncClient, auth: Tokens
) -> None:
    mine = await refer(client, self_body())
    gp = await client.post("/referrals", json=GP_BODY, headers=auth("referrer", ods_code="B82005"))

    assert gp.status_code == 201, gp.text
    assert gp.json()["possible_duplicates"] == [], "the practice is not told"
    seen = await client.get(f"/referrals/{gp.json()['id']}", headers=auth())
    assert [f["referral_id"] for f in seen.json()["possible_duplicates"]] == [mine.json()["id"]]
    again = await client.post(
        "/referrals", json=GP_BODY, headers=auth("referrer", ods_code="B82005")
    )
    assert again.status_code == 409, "a practice's own open referral still refuses a second"
    assert again.json()["existing_referral_id"] == gp.json()["id"]


async def test_rate_limited_per_client(client: httpx.AsyncClient) -> None:
    # The test container allows a burst of 3 and its clock never moves on.
    answers = []
    for n in range(4):
        body = self_body()
        body["person"].update(given_name=f"Person{n}", nhs_number=None)
        answers.append(await refer(client, body))
    assert [a.status_code for a in answers] == [201, 201, 201, 429]
    assert int(answers[-1].headers["Retry-After"]) >= 1
    assert "Too many requests" in answers[-1].json()["detail"]


async def test_coordinators_record_referrals_taken_by_phone(
    client: httpx.AsyncClient, auth: Tokens
) -> None:
    body = {**self_body(), "source": "community"}
    body.pop("format_preference")
    response = await client.post("/referrals", json=body, headers=auth())
    assert response.status_code == 201, response.text
    assert response.json()["source"] == "community"
    assert response.json()["person"]["family_name"] == "Ramsbottom"


async def test_the_same_form_sent_twice_makes_one_referral(
    client: httpx.AsyncClient, uow: Any
) -> None:
    """The portal sends one Idempotency-Key per form: a double submission answers the first
    referral again, and another form for the same person is a referral of its own."""
    key = {"Idempotency-Key": "0b5d7a52-33f4-4f0e-9d1c-0c3b8a4f2e11"}
    first = await client.post("/self-referrals", json=self_body(), headers=key)
    again = await client.post("/self-referrals", json=self_body(), headers=key)
    assert (first.status_code, again.status_code) == (201, 200), again.text
    assert again.json()["reference_code"] == first.json()["reference_code"]
    assert again.json()["person"] is None
    assert len(uow.referrals.by_id) == 1
    other_form = {"Idempotency-Key": "5d0c4b1e-8e1a-4f57-a7c4-52a4ad0f9b3e"}
    assert (
        await client.post("/self-referrals", json=self_body(), headers=other_form)
    ).status_code == 201

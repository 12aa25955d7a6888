"""Triage and contact routes over ASGI, with fakes behind: answers, bodies and refusals."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from .api_support import Tokens, gp_body, post


@pytest.fixture
async def rid(client: httpx.AsyncClient, auth: Tokens) -> str:
    response = await post(client, auth())
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def step(
    client: httpx.AsyncClient, headers: dict[str, str], rid: str, action: str, body: Any = None
) -> httpx.Response:
    return await client.post(f"/referrals/{rid}/{action}", json=body, headers=headers)


async def test_accept_then_contact_then_close(
    client: httpx.AsyncClient, auth: Tokens, rid: str
) -> None:
    accepted = await step(client, auth(), rid, "accept")
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["status"] == "accepted"

    missed = await step(
        client, auth(), rid, "contact-attempts", {"channel": "phone", "outcome": "no_answer"}
    )
    assert missed.status_code == 201, missed.text
    assert missed.json()["attempt"]["number"] == 1
    assert missed.json()["referral"]["failed_attempts"] == 1

    body = {"channel": "phone", "outcome": "reached", "note": "Keen on Tuesdays"}
    reached = await step(client, auth(), rid, "contact-attempts", body)
    assert reached.json()["first_contact"] is True
    assert reached.json()["referral"]["status"] == "contacted"

    closed = await step(client, auth(), rid, "close", {"outcome": "completed"})
    assert closed.status_code == 200
    assert closed.json()["close_outcome"] == "completed"

    listed = await client.get(f"/referrals/{rid}/contact-attempts", headers=auth())
    assert [(a["number"], a["outcome"], a["note"]) for a in listed.json()] == [
        (1, "no_answer", None),
        (2, "reached", "Keen on Tuesdays"),
    ]
    ops = await client.get(f"/referrals/{rid}/contact-attempts", headers=auth("ops", ("*",)))
    assert [a["note"] for a in ops.json()] == [None, None]


async def test_an_illegal_step_answers_409_with_the_current_status(
    client: httpx.AsyncClient, auth: Tokens, rid: str
) -> None:
    assert (await step(client, auth(), rid, "reject", {"reason": "ineligible"})).status_code == 200
    again = await step(client, auth(), rid, "accept")
    assert again.status_code == 409
    assert {
        "detail": "a referral that is rejected cannot be accepted",
        "current_status": "rejected",
    }.items() <= again.json().items()
    reached = {"channel": "phone", "outcome": "reached"}
    assert (await step(client, auth(), rid, "contact-attempts", reached)).status_code == 409


async def test_reaching_before_acceptance_is_409(
    client: httpx.AsyncClient, auth: Tokens, rid: str
) -> None:
    reached = await step(
        client, auth(), rid, "contact-attempts", {"channel": "sms", "outcome": "reached"}
    )
    assert reached.status_code == 409
    assert reached.json()["current_status"] == "received"


@pytest.mark.parametrize(
    ("action", "body", "field"),
    [
        ("reject", {"reason": "other"}, "comment"),
        ("reject", {"reason": "too_old"}, "reason"),
        ("reject", {}, "reason"),
        ("close", {"outcome": "other", "comment": "  "}, "comment"),
        ("close", {"outcome": "bored"}, "outcome"),
        ("contact-attempts", {"channel": "pigeon", "outcome": "reached"}, "channel"),
        ("contact-attempts", {"channel": "phone", "outcome": "maybe"}, "outcome"),
        ("contact-attempts", {"channel": "phone", "outcome": "no_answer", "extra": 1}, "extra"),
    ],
)
async def test_bad_bodies_name_the_field(
    client: httpx.AsyncClient, auth: Tokens, rid: str, action: str, body: Any, field: str
) -> None:
    response = await step(client, auth(), rid, action, body)
    assert response.status_code == 422, response.text
    assert field in [e["field"] for e in response.json()["errors"]]


async def test_who_may_triage(client: httpx.AsyncClient, auth: Tokens, rid: str) -> None:
    assert (await step(client, {}, rid, "accept")).status_code == 401
    ops = await step(client, auth("ops", ("*",)), rid, "accept")
    assert ops.status_code == 403
    gp = await step(client, auth("referrer", ods_code="B82005"), rid, "accept")
    assert gp.status_code == 403
    elsewhere = await step(client, auth(areas=("york",)), rid, "accept")
    assert elsewhere.status_code == 403
    assert "leeds" in elsewhere.json()["detail"]
    assert (await step(client, auth("admin", ("*",)), rid, "accept")).status_code == 200


async def test_unknown_referral_and_bad_id(client: httpx.AsyncClient, auth: Tokens) -> None:
    assert (await step(client, auth(), str(uuid.uuid4()), "accept")).status_code == 404
    bad = await step(client, auth(), "not-a-uuid", "accept")
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "referral_id"


async def test_the_same_person_again_is_409_with_the_open_referral(
    client: httpx.AsyncClient, auth: Tokens, rid: str
) -> None:
    again = await post(client, auth(), gp_body(given_name="PHILIPPA", email="p2@example.org"))
    assert again.status_code == 409
    assert again.json()["existing_referral_id"] == rid


@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("accept", None),
        ("reject", {"reason": "duplicate"}),
        ("contact-attempts", {"channel": "letter", "outcome": "no_answer"}),
        ("close", {"outcome": "completed"}),
    ],
)
async def test_nothing_moves_a_closed_referral(
    client: httpx.AsyncClient, auth: Tokens, rid: str, action: str, body: Any
) -> None:
    closed = await step(client, auth(), rid, "close", {"outcome": "other", "comment": "Moved"})
    assert closed.status_code == 200
    refused = await step(client, auth(), rid, action, body)
    assert refused.status_code == 409
    assert refused.json()["current_status"] == "closed"
    assert "cannot be" in refused.json()["detail"]

"""`/practice/refer` and `/practice/referrals` for a signed-in practice."""

from __future__ import annotations

import json
from typing import Any

import httpx

from tests.fixtures.services import verify

from .support import bearer, csrf, portal, sign_in, title

PATIENT = {
    "given_name": "Philippa",
    "family_name": "Ramsbottom",
    "nhs_number": "9434765919",
    "day": "12",
    "month": "4",
    "year": "1961",
    "postcode": "LS6 2AB",
    "area": "leeds",
    "preferred_channel": "sms",
    "mobile": "07700 900123",
    "consent": "yes",
    "practice_name": "Hyde Park Surgery",
}


def listed(status: str) -> dict[str, Any]:
    referral = {
        "reference_code": "T2T-4F7K2Q",
        "status": status,
        "received_at": "2026-12-01T10:00:00Z",
        "person": {"given_name": "Philippa", "family_name": "Ramsbottom"},
        "close_outcome": None,
        "rejection_reason": None,
    }
    return {"items": [{"referral": referral}], "total": 1, "limit": 20, "offset": 0}


def test_a_practice_refers_from_its_own_ods_code_then_sees_it_listed() -> None:
    calls: list[tuple[str, str, Any]] = []

    def referrals(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content) if request.content else None
        calls.append((request.method, request.url.path, body))
        assert verify(bearer(request)).ods_code == "B82005"
        if request.method == "POST":
            assert request.headers["idempotency-key"]
            return httpx.Response(201, json={"id": "r-1", "reference_code": "T2T-4F7K2Q"})
        return httpx.Response(200, json=listed("received"))

    with portal({"referrals": referrals}) as client:
        sign_in(client, "referrer", ods_code="B82005")
        token = csrf(client, "/practice/refer")
        sent = client.post("/practice/refer", data={"csrf_token": token, **PATIENT})
    assert "Referral sent" in sent.text
    assert "T2T-4F7K2Q" in sent.text
    assert "Philippa Ramsbottom" in sent.text
    method, path, body = calls[0]
    assert (method, path) == ("POST", "/referrals")
    assert body["source"] == "gp"
    assert body["referrer"] == {"ods_code": "B82005", "name": "Hyde Park Surgery", "email": None}
    assert calls[1][:2] == ("GET", "/practice/referrals")


def test_the_form_offers_only_the_practices_areas_and_keeps_answers_on_failure() -> None:
    with portal() as client:  # referrals is down
        sign_in(client, "referrer", ("york",), ods_code="B82005")
        form = client.get("/practice/refer").text
        assert 'value="york"' in form
        assert 'value="leeds"' not in form
        token = csrf(client, "/practice/refer")
        page = client.post("/practice/refer", data={"csrf_token": token, **PATIENT, "area": "york"})
    assert page.status_code == 503
    assert "The referral was not sent" in page.text
    assert 'value="Ramsbottom"' in page.text


def test_status_is_shown_in_words() -> None:
    def referrals(_: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=listed("accepted"))

    with portal({"referrals": referrals}) as client:
        sign_in(client, "referrer", ods_code="B82005")
        page = client.get("/practice/referrals")
    assert title("Your referrals", "Practice") in page.text
    assert "nhsuk-tag--aqua-green" in page.text
    assert "Accepted" in page.text

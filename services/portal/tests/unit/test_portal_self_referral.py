"""`/self-referral` over a referrals API that answers in memory."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
from fastapi.testclient import TestClient

from .support import csrf, portal, title

ANSWERS = {
    "given_name": "Sam",
    "family_name": "Taylor",
    "day": "12",
    "month": "4",
    "year": "1961",
    "postcode": "LS6 2AB",
    "area": "leeds",
    "preferred_channel": "email",
    "email": "sam@example.org",
    "consent": "yes",
}


def started(client: TestClient) -> dict[str, str]:
    page = client.get("/self-referral")
    key = re.search(r'name="form_key" value="([^"]+)"', page.text)
    assert key
    return {"csrf_token": csrf(client, "/self-referral"), "form_key": key.group(1)}


def test_questions_then_check_your_answers_then_the_reference() -> None:
    sent: list[tuple[dict[str, Any], str | None]] = []

    def referrals(request: httpx.Request) -> httpx.Response:
        sent.append((json.loads(request.content), request.headers.get("idempotency-key")))
        return httpx.Response(201, json={"reference_code": "T2T-4F7K2Q"})

    with portal({"referrals": referrals}) as client:
        form = started(client)
        check = client.post("/self-referral", data=form | ANSWERS)
        assert title("Check your answers", "Refer yourself") in check.text
        assert "12 April 1961" in check.text
        done = client.post("/self-referral/send", data=form | ANSWERS | {"action": "send"})
        again = client.post("/self-referral/send", data=form | ANSWERS | {"action": "send"})
    assert "T2T-4F7K2Q" in done.text
    assert "What happens next" in done.text
    assert "T2T-4F7K2Q" in again.text
    assert len(sent) == 1, "the same form sent twice reaches the API once"
    body, key = sent[0]
    assert key == form["form_key"]
    assert body["person"]["date_of_birth"] == "1961-04-12"
    assert body["consent"] == {"contact": True}


def test_unanswered_questions_are_listed_and_shown_beside_each_field() -> None:
    with portal() as client:
        page = client.post("/self-referral", data=started(client) | {"given_name": "Sam"})
    assert page.status_code == 422
    assert title("Error: Refer yourself") in page.text
    assert 'href="#dob-day"' in page.text
    assert 'id="family_name-error"' in page.text
    assert 'value="Sam"' in page.text, "what was typed stays"


def test_the_apis_422_is_shown_against_the_right_field() -> None:
    def referrals(_: httpx.Request) -> httpx.Response:
        problem = {"field": "person.nhs_number", "reason": "not a valid NHS number"}
        return httpx.Response(422, json={"detail": "invalid", "errors": [problem]})

    with portal({"referrals": referrals}) as client:
        answers = started(client) | ANSWERS | {"nhs_number": "943 476 5918"}
        page = client.post("/self-referral/send", data=answers)
    assert page.status_code == 422
    assert 'href="#nhs_number"' in page.text
    assert 'id="nhs_number-error"' in page.text
    assert "Not a valid NHS number" in page.text
    assert 'value="943 476 5918"' in page.text


def test_too_many_requests_and_a_service_down_keep_the_answers_to_send_again() -> None:
    answers = {"429": httpx.Response(429, headers={"Retry-After": "42"}, json={"detail": "slow"})}
    for status, heading in (("429", "Please wait a minute"), ("503", "could not send")):

        def referrals(_: httpx.Request, status: str = status) -> httpx.Response:
            return answers.get(status) or httpx.Response(503, json={"detail": "down"})

        with portal({"referrals": referrals}) as client:
            page = client.post("/self-referral/send", data=started(client) | ANSWERS)
        assert page.status_code == int(status)
        assert heading in page.text
        assert 'type="hidden" name="email" value="sam@example.org"' in page.text
        assert "Send again" in page.text


def test_an_open_referral_already_is_explained() -> None:
    def referrals(_: httpx.Request) -> httpx.Response:
        return httpx.Response(409, json={"detail": "open referral", "existing_referral_id": "x"})

    with portal({"referrals": referrals}) as client:
        page = client.post("/self-referral/send", data=started(client) | ANSWERS)
    assert page.status_code == 409
    assert "You have already been referred" in page.text


def test_change_your_answers_goes_back_to_the_questions_filled_in() -> None:
    with portal() as client:
        page = client.post(
            "/self-referral/send", data=started(client) | ANSWERS | {"action": "change"}
        )
    assert "<h1>Refer yourself to a peer support group</h1>" in page.text
    assert 'value="LS6 2AB"' in page.text


def test_the_confirmation_is_only_for_the_browser_that_sent_it() -> None:
    with portal() as client:
        answer = client.get(
            "/self-referral/done/0b5d7a52-33f4-4f0e-9d1c-0c3b8a4f2e11", follow_redirects=False
        )
    assert (answer.status_code, answer.headers["location"]) == (303, "/self-referral")


def test_the_browser_address_goes_to_the_api_so_its_rate_limit_counts_each_person() -> None:
    forwarded: list[str | None] = []

    def referrals(request: httpx.Request) -> httpx.Response:
        forwarded.append(request.headers.get("x-forwarded-for"))
        return httpx.Response(201, json={"reference_code": "T2T-4F7K2Q"})

    with portal({"referrals": referrals}) as client:
        form = started(client)
        client.post("/self-referral/send", data=form | ANSWERS | {"action": "send"})
    # TestClient's peer address is "testclient"; a real browser's is its IP.
    assert forwarded == ["testclient"]

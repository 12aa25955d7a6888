"""`/volunteer` and `/offer/{token}` over APIs that answer in memory."""

from __future__ import annotations

import json
from typing import Any

import httpx

from .support import csrf, portal

OFFER = {
    "placement_id": "p-1",
    "status": "offered",
    "group": {
        "name": "Headingley Tuesdays",
        "format": "in_person",
        "area": "leeds",
        "venue": "Headingley Community Centre",
    },
    "first_session_at": "2026-12-15T18:30:00+00:00",
    "expires_at": "2026-12-10T17:00:00+00:00",
}


def test_a_volunteer_application_sends_each_day_at_each_time() -> None:
    sent: list[dict[str, Any]] = []

    def volunteers(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return httpx.Response(201, json={"volunteer_id": "v-1", "status": "applied"})

    answers = {
        "given_name": "Jo",
        "family_name": "Okafor",
        "email": "jo@example.org",
        "preferred_channel": "email",
        "area": "leeds",
        "lived_experience": "yes",
        "days": ["tuesday", "saturday"],
        "parts": ["evening"],
        "motivation": "A group helped me.",
        "consent": "yes",
    }
    with portal({"volunteers": volunteers}) as client:
        token = csrf(client, "/volunteer")
        check = client.post("/volunteer", data={"csrf_token": token, **answers})
        assert "Tuesday, Saturday" in check.text
        done = client.post("/volunteer/send", data={"csrf_token": token, **answers})
    assert "Application received" in done.text
    [body] = sent
    assert body["availability"] == [
        {"day": "tuesday", "part_of_day": "evening"},
        {"day": "saturday", "part_of_day": "evening"},
    ]
    assert body["lived_experience"] is True


def test_the_person_accepts_their_place_from_the_link() -> None:
    answered: list[dict[str, Any]] = []

    def groups(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/offers/tok.en-1"
        assert "authorization" not in request.headers, "the link is the only credential"
        if request.method == "POST":
            answered.append(json.loads(request.content))
            return httpx.Response(200, json=OFFER | {"status": "accepted"})
        return httpx.Response(200, json=OFFER)

    with portal({"groups": groups}) as client:
        page = client.get("/offer/tok.en-1")
        assert "Headingley Tuesdays" in page.text
        assert "15 December 2026, 6:30pm" in page.text
        token = csrf(client, "/offer/tok.en-1")
        unanswered = client.post("/offer/tok.en-1", data={"csrf_token": token})
        assert unanswered.status_code == 422
        assert 'href="#decision"' in unanswered.text
        done = client.post("/offer/tok.en-1", data={"csrf_token": token, "decision": "accept"})
    assert "Place accepted" in done.text
    assert answered == [{"decision": "accept"}]


def test_every_kind_of_bad_link_explains_itself() -> None:
    cases = {
        404: (httpx.Response(404, json={"detail": "no"}), "This link does not work"),
        410: (httpx.Response(410, json={"detail": "expired"}), "This offer has ended"),
        409: (
            httpx.Response(409, json={"detail": "answered", "current_state": "declined"}),
            "already said no",
        ),
    }
    for status, (reply, text) in cases.items():

        def groups(request: httpx.Request, reply: httpx.Response = reply) -> httpx.Response:
            return (
                reply
                if request.method == "POST" or reply.status_code != 409
                else (httpx.Response(200, json=OFFER))
            )

        with portal({"groups": groups}) as client:
            token = csrf(client, "/sign-out")
            page = client.post("/offer/abc", data={"csrf_token": token, "decision": "accept"})
        assert page.status_code == status
        assert text in page.text
        assert "Traceback" not in page.text


def test_an_offer_answered_before_says_so_when_opened() -> None:
    def groups(_: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=OFFER | {"status": "accepted"})

    with portal({"groups": groups}) as client:
        page = client.get("/offer/abc")
    assert "You have already accepted this place" in page.text
    assert "Send my answer" not in page.text

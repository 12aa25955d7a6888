"""Dev sign-in, sessions, CSRF, sign-out, and who may see which page."""

from __future__ import annotations

import httpx
import pytest
from pydantic import ValidationError

from portal.config import Settings
from tests.fixtures.services import verify

from .support import bearer, csrf, portal, sign_in

LISTED = {"items": [], "total": 0, "limit": 20, "offset": 0}


def test_dev_sign_in_mints_a_short_lived_token_with_the_chosen_scope() -> None:
    seen: list[str] = []

    def referrals(request: httpx.Request) -> httpx.Response:
        seen.append(bearer(request))
        return httpx.Response(200, json=LISTED)

    with portal({"referrals": referrals}, platform_token_ttl_s=300) as client:
        sign_in(client, "referrer", ("leeds", "york"), ods_code="b82005", name="Dr Shah")
        page = client.get("/practice/referrals")
    assert page.status_code == 200
    assert "Dr Shah (Referrer)" in page.text
    principal = verify(seen[0])
    assert (principal.role, principal.areas, principal.ods_code) == (
        "referrer",
        ("leeds", "york"),
        "B82005",
    )


def test_dev_sign_in_says_what_is_missing() -> None:
    with portal() as client:
        answer = client.post(
            "/sign-in/dev", data={"csrf_token": csrf(client), "role": "facilitator"}
        )
    assert answer.status_code == 422
    assert "Choose at least one area" in answer.text
    assert "Enter the facilitator&#39;s volunteer id" in answer.text
    assert 'href="#areas"' in answer.text


def test_dev_sign_in_is_refused_outside_development() -> None:
    with portal(environment="test") as client:
        assert "Development sign-in" not in client.get("/sign-in").text
        answer = client.post(
            "/sign-in/dev",
            data={"csrf_token": csrf(client, "/sign-out"), "role": "admin", "areas": ["*"]},
            follow_redirects=False,
        )
        assert answer.status_code == 403
        assert "switched off" in answer.text
        still_out = client.get("/practice/referrals", follow_redirects=False)
    assert still_out.status_code == 303, "nobody was signed in"


def test_production_refuses_the_dev_session_secret() -> None:
    with pytest.raises(ValidationError, match="T2T_SESSION_SECRET"):
        Settings(environment="production", jwks_url="https://idp.example.org/jwks.json")


def test_a_form_without_this_sessions_csrf_token_is_refused() -> None:
    with portal() as client:
        csrf(client)
        answer = client.post(
            "/sign-in/dev",
            data={"csrf_token": "forged", "role": "admin", "areas": ["*"]},
            follow_redirects=False,
        )
    assert answer.status_code == 403
    assert "did not come from this site" in answer.text


def test_sign_in_never_redirects_off_the_site() -> None:
    with portal() as client:
        answer = client.post(
            "/sign-in/dev",
            data={
                "csrf_token": csrf(client),
                "role": "coordinator",
                "areas": ["leeds"],
                "next": "//evil.example/phish",
            },
            follow_redirects=False,
        )
    assert answer.status_code == 303
    assert answer.headers["location"] == "/"


def test_sign_out_ends_the_session() -> None:
    with portal({"referrals": lambda _: httpx.Response(200, json=LISTED)}) as client:
        sign_in(client, "referrer", ods_code="B82005")
        assert client.get("/practice/referrals").status_code == 200
        assert "Sign out" in client.get("/sign-out").text
        client.post("/sign-out", data={"csrf_token": csrf(client, "/sign-out")})
        after = client.get("/practice/referrals", follow_redirects=False)
    assert after.status_code == 303
    assert after.headers["location"] == "/sign-in?next=/practice/referrals"


def test_a_page_for_another_role_is_a_clear_403_and_the_apis_403_too() -> None:
    def refuses(_: httpx.Request) -> httpx.Response:
        return httpx.Response(403, json={"detail": "Your token does not cover the area 'york'"})

    with portal({"referrals": refuses}) as client:
        sign_in(client, "facilitator", volunteer_id="v-1")
        mine = client.get("/practice/referrals")
        assert mine.status_code == 403
        assert "You cannot see this page" in mine.text
        assert "facilitator" in mine.text
        sign_in(client, "referrer", ods_code="B82005")
        refused = client.get("/practice/referrals")
    assert refused.status_code == 403
    assert "does not cover the area" in refused.text

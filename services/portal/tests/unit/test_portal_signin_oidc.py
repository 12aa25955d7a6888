"""OIDC sign-in (authorization code with PKCE) against a provider inside the test: the
portal reads role, areas and ODS code from the configured claims and mints a short-lived
platform token for the APIs."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import httpx
from fastapi.testclient import TestClient

from portal.bootstrap import bootstrap
from portal.config import Settings
from portal.entrypoints.app import create_app
from tests.fixtures.services import verify

from .oidc_provider import CLIENT_ID, CLIENT_SECRET, ISSUER, Provider
from .support import bearer

LISTED = {"items": [], "total": 0, "limit": 20, "offset": 0}


def portal_with(provider: Provider, seen: list[str], **settings: Any) -> TestClient:
    def referrals(request: httpx.Request) -> httpx.Response:
        seen.append(bearer(request))
        return httpx.Response(200, json=LISTED)

    config = Settings(
        environment="test",
        oidc_metadata_url=f"{ISSUER}/.well-known/openid-configuration",
        oidc_client_id=CLIENT_ID,
        oidc_client_secret=CLIENT_SECRET,
        **settings,
    )
    container = bootstrap(
        config,
        transports={"referrals": httpx.MockTransport(referrals)},
        oidc_client_kwargs={"transport": httpx.ASGITransport(provider.app())},
    )
    return TestClient(create_app(container))


def sign_in_through(client: TestClient, provider: Provider, start: str) -> httpx.Response:
    """Follow the redirects a browser would: to the provider and back."""
    to_provider = client.get(start, follow_redirects=False)
    assert to_provider.status_code == 302
    location = urlsplit(to_provider.headers["location"])
    assert f"{location.scheme}://{location.netloc}" == ISSUER
    with TestClient(provider.app(), base_url=ISSUER) as idp:
        back = idp.get(f"{location.path}?{location.query}", follow_redirects=False)
    assert back.status_code == 302
    callback = urlsplit(back.headers["location"])
    return client.get(f"{callback.path}?{callback.query}", follow_redirects=False)


def test_a_practice_signs_in_with_its_provider_and_the_apis_get_a_platform_token() -> None:
    provider = Provider(
        {
            "sub": "gp-41",
            "name": "Dr Amara Shah",
            "t2t_role": "referrer",
            "t2t_areas": ["leeds"],
            "ods": "B82005",
        }
    )
    seen: list[str] = []
    with portal_with(provider, seen, oidc_claim_ods_code="ods", platform_token_ttl_s=600) as c:
        page = c.get("/sign-in")
        assert "Sign in with your organisation account" in page.text
        assert "Development sign-in" not in page.text, "dev sign-in only in development"

        answer = sign_in_through(c, provider, "/sign-in/oidc?next=/practice/referrals")

        assert answer.status_code == 303
        assert answer.headers["location"] == "/practice/referrals"
        cookie = answer.headers["set-cookie"].lower()
        assert "httponly" in cookie
        assert "samesite=lax" in cookie
        listed = c.get("/practice/referrals")
        assert listed.status_code == 200
        assert "Dr Amara Shah" in listed.text
    assert provider.verifiers_checked == 1, "the code was exchanged with its PKCE verifier"
    principal = verify(seen[0])
    assert (principal.role, principal.areas, principal.ods_code) == (
        "referrer",
        ("leeds",),
        "B82005",
    )


def test_an_account_without_a_role_is_refused_clearly() -> None:
    provider = Provider({"sub": "someone", "name": "No Role"})
    with portal_with(provider, []) as c:
        answer = sign_in_through(c, provider, "/sign-in/oidc")
        assert answer.status_code == 403
        assert "not set up for this service" in answer.text
        assert c.get("/practice/referrals", follow_redirects=False).status_code == 303


def test_a_tampered_callback_signs_nobody_in() -> None:
    provider = Provider({"sub": "c-1", "t2t_role": "coordinator", "t2t_areas": ["leeds"]})
    with portal_with(provider, []) as c:
        c.get("/sign-in/oidc", follow_redirects=False)
        answer = c.get("/sign-in/callback?code=made-up&state=wrong", follow_redirects=False)
        assert answer.status_code == 400
        assert "Sign-in did not complete" in answer.text
        assert "Traceback" not in answer.text

"""The console signs staff in through the platform's sign-in (no pasted token): the page's
script then reads the session's short-lived bearer token from /session/token."""

from __future__ import annotations

import re

import httpx

from ops.bootstrap import bootstrap
from ops.config import Settings
from ops.entrypoints.app import create_app
from tests.fixtures.services import verify


def app(environment: str = "development") -> object:
    settings = Settings(
        environment=environment,  # type: ignore[arg-type]
        database_url="postgresql://nobody@127.0.0.1:1/none",
        kafka_bootstrap="127.0.0.1:1",
    )
    return create_app(bootstrap(settings))


async def csrf(client: httpx.AsyncClient, path: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', (await client.get(path)).text)
    assert found
    return found.group(1)


async def test_signing_in_gives_the_page_a_short_lived_ops_token() -> None:
    transport = httpx.ASGITransport(app())  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://ops") as client:
        assert (await client.get("/session/token")).status_code == 401
        page = (await client.get("/")).text
        assert 'href="/sign-in?next=/"' in page
        assert 'id="token"' not in page, "no token to paste any more"
        signed = await client.post(
            "/sign-in/dev",
            data={
                "csrf_token": await csrf(client, "/sign-in"),
                "role": "ops",
                "areas": ["*"],
                "name": "Olu",
                "next": "/",
            },
        )
        assert signed.status_code == 303
        answer = await client.get("/session/token")
        token = answer.json()["token"]
        assert answer.headers["cache-control"] == "no-store"
        status = await client.get("/api/status", headers={"Authorization": f"Bearer {token}"})
        await client.post("/sign-out", data={"csrf_token": await csrf(client, "/sign-out")})
        after = await client.get("/session/token")
    principal = verify(token)
    assert (principal.role, principal.areas) == ("ops", ("*",))
    assert status.status_code != 401
    assert after.status_code == 401


async def test_the_dev_sign_in_is_refused_in_production_like_settings() -> None:
    transport = httpx.ASGITransport(app("test"))  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://ops") as client:
        page = (await client.get("/sign-in")).text
        assert "Development sign-in" not in page
        refused = await client.post(
            "/sign-in/dev",
            data={"csrf_token": await csrf(client, "/sign-out"), "role": "ops", "areas": ["*"]},
        )
    assert refused.status_code == 403

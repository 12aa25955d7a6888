"""What the review found about tokens, tried against a real service app."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import httpx
import jwt
import pytest

from ops.bootstrap import bootstrap
from ops.config import Settings
from ops.entrypoints.app import create_app
from tests.fixtures.services import auth, signed

OLD_SHARED_SECRET = "dev-only-jwt-secret-change-me-0123456789"


def claims(**overrides: object) -> dict[str, object]:
    now = int(time.time())
    base: dict[str, object] = {
        "sub": "someone",
        "role": "admin",
        "areas": ["*"],
        "iss": "t2t",
        "aud": ["t2t-ops"],
        "iat": now,
        "exp": now + 600,
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(
        database_url="postgresql://nobody@127.0.0.1:1/none", kafka_bootstrap="127.0.0.1:1"
    )
    transport = httpx.ASGITransport(create_app(bootstrap(settings)))
    async with httpx.AsyncClient(transport=transport, base_url="http://ops") as client:
        yield client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_a_well_signed_token_is_accepted(client: httpx.AsyncClient) -> None:
    assert (await client.get("/api/lag", headers=bearer(signed(claims())))).status_code == 200


async def test_hs256_with_the_old_shared_secret_is_refused(client: httpx.AsyncClient) -> None:
    # Without an audience: the old verifier took exactly this token.
    forged = jwt.encode(claims(aud=None), OLD_SHARED_SECRET, algorithm="HS256")
    assert (await client.get("/api/lag", headers=bearer(forged))).status_code == 401


@pytest.mark.parametrize(
    "changed",
    [
        pytest.param({"aud": None}, id="no-audience"),
        pytest.param({"aud": ["t2t-referrals"]}, id="another-service's-audience"),
        pytest.param({"iss": "elsewhere"}, id="another-issuer"),
        pytest.param({"exp": int(time.time()) + 30 * 24 * 3600}, id="a-thirty-day-lifetime"),
        pytest.param({"iat": None}, id="no-issued-at"),
        pytest.param({"role": "referrer", "areas": ["leeds"]}, id="referrer-without-ods-code"),
    ],
)
async def test_unusable_tokens_are_refused(
    client: httpx.AsyncClient, changed: dict[str, object]
) -> None:
    response = await client.get("/api/lag", headers=bearer(signed(claims(**changed))))
    assert response.status_code == 401


async def test_a_referrer_helper_token_without_an_ods_code_is_not_a_token(
    client: httpx.AsyncClient,
) -> None:
    assert (await client.get("/api/lag", headers=auth("referrer", ["leeds"]))).status_code == 401

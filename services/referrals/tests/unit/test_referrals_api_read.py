"""GET /referrals/{id}, the service endpoints and the OpenAPI document, over a fake container."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from .api_support import (
    EMAIL,
    NHS_NUMBER,
    Tokens,
    fields,
    post,
)


class TestRead:
    @pytest.fixture
    async def referral_id(self, client: httpx.AsyncClient, auth: Tokens) -> str:
        response = await post(client, auth())
        assert response.status_code == 201
        return str(response.json()["id"])

    async def test_a_coordinator_in_scope_sees_the_person(
        self, client: httpx.AsyncClient, auth: Tokens, referral_id: str
    ) -> None:
        response = await client.get(f"/referrals/{referral_id}", headers=auth())

        assert response.status_code == 200
        assert response.json()["id"] == referral_id
        assert response.json()["person"]["nhs_number"] == NHS_NUMBER

    async def test_a_coordinator_of_another_area_is_403(
        self, client: httpx.AsyncClient, auth: Tokens, referral_id: str
    ) -> None:
        response = await client.get(f"/referrals/{referral_id}", headers=auth(areas=("bradford",)))

        assert response.status_code == 403
        assert NHS_NUMBER not in response.text

    async def test_an_unknown_id_is_404(self, client: httpx.AsyncClient, auth: Tokens) -> None:
        response = await client.get(f"/referrals/{uuid.uuid4()}", headers=auth())

        assert response.status_code == 404

    async def test_a_malformed_id_is_422(self, client: httpx.AsyncClient, auth: Tokens) -> None:
        response = await client.get("/referrals/not-a-uuid", headers=auth())

        assert response.status_code == 422
        assert fields(response) == ["referral_id"]

    async def test_ops_sees_no_person(
        self, client: httpx.AsyncClient, auth: Tokens, referral_id: str
    ) -> None:
        response = await client.get(
            f"/referrals/{referral_id}", headers=auth(role="ops", areas=("*",))
        )

        assert response.status_code == 200
        assert response.json()["person"] is None
        for personal in (NHS_NUMBER, EMAIL, "Ramsbottom", "1961-04-12", "LS6 2AB"):
            assert personal not in response.text

    async def test_the_referring_practice_may_read_it(
        self, client: httpx.AsyncClient, auth: Tokens, referral_id: str
    ) -> None:
        response = await client.get(
            f"/referrals/{referral_id}", headers=auth(role="referrer", ods_code="B82005")
        )

        assert response.status_code == 200
        assert response.json()["person"]["given_name"] == "Philippa"

    async def test_another_practice_may_not(
        self, client: httpx.AsyncClient, auth: Tokens, referral_id: str
    ) -> None:
        response = await client.get(
            f"/referrals/{referral_id}", headers=auth(role="referrer", ods_code="Y02345")
        )

        assert response.status_code == 403

    async def test_reading_needs_a_token(self, client: httpx.AsyncClient, referral_id: str) -> None:
        response = await client.get(f"/referrals/{referral_id}")

        assert response.status_code == 401


class TestServiceEndpoints:
    async def test_the_lifespan_runs_the_runtime(
        self, client: httpx.AsyncClient, container: Any
    ) -> None:
        assert container.runtime.running_entered is True

    async def test_healthz(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/healthz")

        assert response.status_code == 200

    async def test_readyz_follows_the_runtime(
        self, client: httpx.AsyncClient, container: Any
    ) -> None:
        ready = await client.get("/readyz")
        container.runtime.checks["database"] = False
        not_ready = await client.get("/readyz")

        assert ready.status_code == 200
        assert not_ready.status_code == 503
        assert not_ready.json()["checks"] == {"database": False, "broker": True}

    async def test_openapi_documents_the_referral_routes(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/openapi.json")

        assert response.status_code == 200
        assert {"/referrals", "/referrals/{referral_id}"} <= set(response.json()["paths"])


async def test_openapi_describes_the_referral_endpoints_as_they_answer(
    client: httpx.AsyncClient,
) -> None:
    spec = (await client.get("/openapi.json")).json()
    post_op = spec["paths"]["/referrals"]["post"]
    get_op = spec["paths"]["/referrals/{referral_id}"]["get"]

    assert "Idempotency-Key" in post_op["description"]
    assert "person" in get_op["description"]
    for op in (post_op, get_op):
        error = op["responses"]["422"]["content"]["application/problem+json"]["schema"]["$ref"]
        assert error.endswith("/ValidationProblem")
        problem = op["responses"]["403"]["content"]["application/problem+json"]["schema"]
        assert problem["$ref"].endswith("/Problem")
    assert set(post_op["responses"]) >= {"200", "201", "401", "403", "409", "422"}
    [example] = spec["components"]["schemas"]["ReferralCreate"]["examples"]
    assert example["source"] == "gp"
    assert example["referrer"]["ods_code"] == "B82005"

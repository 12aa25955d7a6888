"""POST /referrals over a fake container: status codes, scopes and error bodies."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from referrals.events import PersonContact, ReferralReceived, ReferralReceivedV2
from t2t_shared.auth import generate_signing_key, issue_token

from .api_support import (
    BAD_NHS_NUMBER,
    GP_BODY,
    NHS_NUMBER,
    Tokens,
    fields,
    gp_body,
    post,
)


class TestCreate:
    async def test_a_valid_gp_referral_is_created(
        self, client: httpx.AsyncClient, auth: Tokens, uow: Any
    ) -> None:
        response = await post(client, auth())

        assert response.status_code == 201
        body = response.json()
        assert body["status"] == "received"
        assert body["source"] == "gp"
        assert body["area"] == "leeds"
        assert body["reference_code"].startswith("T2T-")
        assert body["referrer"]["ods_code"] == "B82005"
        assert body["person"]["mobile"] == "+447700900123"
        assert body["person"]["nhs_number"] == NHS_NUMBER
        assert list(uow.referrals.by_id) == [uuid.UUID(body["id"])]
        # The practice's contact record comes from the register, never from a referral.
        assert [type(e) for _, e in uow.outbox.events] == [
            PersonContact,
            ReferralReceivedV2,
            ReferralReceived,
        ]

    async def test_the_deprecated_v1_can_be_turned_off(
        self, client: httpx.AsyncClient, auth: Tokens, uow: Any, container: Any
    ) -> None:
        container.settings.publish_deprecated_events = False

        response = await post(client, auth())

        assert response.status_code == 201
        assert [type(e) for _, e in uow.outbox.events] == [PersonContact, ReferralReceivedV2]

    async def test_a_referrer_refers_from_its_own_practice(
        self, client: httpx.AsyncClient, auth: Tokens
    ) -> None:
        response = await post(client, auth(role="referrer", ods_code="B82005"))

        assert response.status_code == 201

    async def test_a_retry_with_the_same_key_returns_the_same_referral(
        self, client: httpx.AsyncClient, auth: Tokens, uow: Any
    ) -> None:
        first = await post(client, auth(), key="req-1")
        again = await post(client, auth(), key="req-1")

        assert (first.status_code, again.status_code) == (201, 200)
        assert again.json()["id"] == first.json()["id"]
        assert again.json()["reference_code"] == first.json()["reference_code"]
        assert len(uow.outbox.events) == 3
        assert uow.commits == 1

    async def test_the_same_key_with_another_body_is_422(
        self, client: httpx.AsyncClient, auth: Tokens, uow: Any
    ) -> None:
        await post(client, auth(), key="req-1")

        response = await post(client, auth(), gp_body(postcode="LS7 3AA"), key="req-1")

        # The IETF idempotency-key draft: a reused key with another payload is 422.
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        assert "Idempotency-Key" in response.json()["detail"]
        assert response.json()["errors"][0]["field"] == "Idempotency-Key"
        assert len(uow.referrals.by_id) == 1

    async def test_keys_are_per_caller(
        self, client: httpx.AsyncClient, auth: Tokens, uow: Any
    ) -> None:
        a = await post(client, auth(subject="a"), key="req-1")
        b = await post(
            client, auth(subject="b"), gp_body(given_name="Bo", nhs_number=None), "req-1"
        )

        assert (a.status_code, b.status_code) == (201, 201)
        assert a.json()["id"] != b.json()["id"]


class TestInvalidInput:
    @pytest.mark.parametrize(
        ("person", "field", "echo"),
        [
            ({"nhs_number": BAD_NHS_NUMBER}, "person.nhs_number", BAD_NHS_NUMBER),
            ({"mobile": "0113 496 0000"}, "person.mobile", "0113 496 0000"),
            ({"email": "philippa.example.org"}, "person.email", "philippa.example.org"),
        ],
    )
    async def test_a_bad_person_field_is_named_and_not_echoed(
        self,
        client: httpx.AsyncClient,
        auth: Tokens,
        person: dict[str, str],
        field: str,
        echo: str,
        uow: Any,
    ) -> None:
        response = await post(client, auth(), gp_body(**person))

        assert response.status_code == 422
        assert fields(response) == [field]
        assert response.json()["errors"][0]["reason"]
        assert echo not in response.text
        assert uow.outbox.events == []

    async def test_an_invalid_email_domain_is_not_echoed(
        self, client: httpx.AsyncClient, auth: Tokens
    ) -> None:
        response = await post(client, auth(), gp_body(email="philippa@ramsbottom\u0660\u06f0.org"))

        assert response.status_code == 422
        assert fields(response) == ["person.email"]
        assert "ramsbottom" not in response.text.lower()

    async def test_an_unknown_area_is_named(self, client: httpx.AsyncClient, auth: Tokens) -> None:
        response = await post(client, auth(areas=("*",)), {**GP_BODY, "area": "atlantis"})

        assert response.status_code == 422
        [error] = response.json()["errors"]
        assert (error["field"], error["type"]) == ("area", "unknown_area")
        assert error["reason"].startswith("unknown area 'atlantis'; this deployment has: ")
        assert "leeds" in error["reason"]

    async def test_missing_consent_is_named(self, client: httpx.AsyncClient, auth: Tokens) -> None:
        response = await post(client, auth(), {**GP_BODY, "consent": {}})

        assert response.status_code == 422
        assert fields(response) == ["consent.contact"]

    async def test_a_gp_referral_without_a_referrer_is_422(
        self, client: httpx.AsyncClient, auth: Tokens
    ) -> None:
        body = {k: v for k, v in GP_BODY.items() if k != "referrer"}

        response = await post(client, auth(), body)

        assert response.status_code == 422
        assert "referrer is required" in response.json()["errors"][0]["reason"]

    async def test_a_gp_referral_without_a_referrer_names_the_referrer(
        self, client: httpx.AsyncClient, auth: Tokens
    ) -> None:
        body = {k: v for k, v in GP_BODY.items() if k != "referrer"}

        response = await post(client, auth(), body)

        assert fields(response) == ["referrer"]

    async def test_a_channel_without_its_address_names_the_address(
        self, client: httpx.AsyncClient, auth: Tokens
    ) -> None:
        body = gp_body(preferred_channel="email")
        del body["person"]["email"]

        response = await post(client, auth(), body)

        assert response.status_code == 422
        assert fields(response) == ["person.email"]
        assert "email is required" in response.json()["errors"][0]["reason"]

    async def test_an_unknown_field_is_named(self, client: httpx.AsyncClient, auth: Tokens) -> None:
        response = await post(client, auth(), gp_body(address="1 High St"))

        assert response.status_code == 422
        assert fields(response) == ["person.address"]
        assert "1 High St" not in response.text


class TestWhoMayCreate:
    async def test_a_coordinator_of_another_area_is_403(
        self, client: httpx.AsyncClient, auth: Tokens, uow: Any
    ) -> None:
        response = await post(client, auth(areas=("bradford",)))

        assert response.status_code == 403
        assert "leeds" in response.json()["detail"]
        assert uow.referrals.by_id == {}

    async def test_ops_may_not_create(self, client: httpx.AsyncClient, auth: Tokens) -> None:
        response = await post(client, auth(role="ops", areas=("*",)))

        assert response.status_code == 403

    async def test_a_referrer_may_not_refer_for_another_practice(
        self, client: httpx.AsyncClient, auth: Tokens, uow: Any
    ) -> None:
        response = await post(client, auth(role="referrer", ods_code="Y02345"))

        assert response.status_code == 403
        assert "ODS code" in response.json()["detail"]
        assert uow.outbox.events == []

    async def test_no_token_is_401(self, client: httpx.AsyncClient) -> None:
        response = await post(client, {})

        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"

    async def test_authentication_comes_before_validation(self, client: httpx.AsyncClient) -> None:
        response = await post(client, {}, gp_body(nhs_number=BAD_NHS_NUMBER))

        assert response.status_code == 401

    async def test_a_token_signed_with_another_secret_is_401(
        self, client: httpx.AsyncClient
    ) -> None:
        forged = issue_token(generate_signing_key(), role="admin", areas=["*"])

        response = await post(client, {"Authorization": f"Bearer {forged}"})

        assert response.status_code == 401

    async def test_a_garbage_token_is_401(self, client: httpx.AsyncClient) -> None:
        response = await post(client, {"Authorization": "Bearer nope"})

        assert response.status_code == 401

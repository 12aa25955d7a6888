"""The shared FastAPI app: errors, auth dependencies, health, readiness and metrics."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

import httpx
import pytest
from fastapi import Depends, FastAPI, HTTPException
from pydantic import BaseModel, Field

from t2t_shared.auth import (
    LocalKeys,
    Principal,
    SigningKey,
    TokenVerifier,
    generate_signing_key,
    issue_token,
)
from t2t_shared.http.access import UndeclaredAccess
from t2t_shared.http.app import create_service_app
from t2t_shared.http.security import Public, require_area, require_roles

KEY = generate_signing_key()
EMAIL = "philippa.ramsbottom@example.org"
NHS_NUMBER = "943 476 5918"


class PersonBody(BaseModel):
    nhs_number: str = Field(pattern=r"^\d{10}$")


class ThingBody(BaseModel):
    count: int
    person: PersonBody | None = None


Coordinator = Annotated[Principal, Depends(require_roles("coordinator", "admin"))]


class Probe:
    """What the app under test reports as ready, and whether its lifespan ran."""

    def __init__(self) -> None:
        self.checks = {"database": True, "broker": True}
        self.lifespan_ran = False

    async def readiness(self) -> dict[str, bool]:
        return dict(self.checks)


def build_app(probe: Probe) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        probe.lifespan_ran = True
        yield

    app = create_service_app(
        title="probe",
        description="a tiny app",
        version="0.0.1",
        auth=TokenVerifier(LocalKeys(KEY), issuer="t2t", audience="t2t-probe"),
        readiness=probe.readiness,
        lifespan=lifespan,
    )

    @app.post("/things", dependencies=[Public])
    async def create_thing(body: ThingBody) -> dict[str, int]:
        return {"count": body.count}

    @app.get("/boom", dependencies=[Public])
    async def boom() -> None:
        raise RuntimeError(f"lookup failed for {EMAIL}")

    @app.get("/conflict", dependencies=[Public])
    async def conflict() -> None:
        raise HTTPException(409, {"detail": "taken", "code": "dup"})

    @app.get("/areas/{area}")
    async def area(area: str, principal: Coordinator) -> dict[str, str]:
        require_area(principal, area)
        return {"subject": principal.subject, "area": area}

    return app


@pytest.fixture
def probe() -> Probe:
    return Probe()


@pytest.fixture
async def client(probe: Probe) -> AsyncIterator[httpx.AsyncClient]:
    app = build_app(probe)
    # raise_app_exceptions=False: Starlette re-raises after sending the 500 so servers can log
    # it; we want to see what the caller gets, as uvicorn would send it.
    transport = httpx.ASGITransport(app, raise_app_exceptions=False)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://probe") as http,
    ):
        yield http


def bearer(
    role: str = "coordinator", areas: tuple[str, ...] = ("leeds",), key: SigningKey = KEY
) -> dict[str, str]:
    token = issue_token(key, role=role, areas=areas, audience="t2t-probe", subject="c-17")  # type: ignore[arg-type]
    return {"Authorization": f"Bearer {token}"}


async def test_invalid_body_names_the_field_and_the_reason(client: httpx.AsyncClient) -> None:
    response = await client.post("/things", json={"count": EMAIL})

    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "The request is not valid"
    assert [(e["field"], e["type"]) for e in body["errors"]] == [("count", "int_parsing")]
    assert "integer" in body["errors"][0]["reason"]
    assert EMAIL not in response.text


async def test_nested_fields_are_dotted_and_inputs_not_echoed(client: httpx.AsyncClient) -> None:
    response = await client.post("/things", json={"count": 1, "person": {"nhs_number": NHS_NUMBER}})

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["person.nhs_number"]
    assert NHS_NUMBER not in response.text
    assert "input" not in response.json()["errors"][0]


async def test_a_missing_field_is_named(client: httpx.AsyncClient) -> None:
    response = await client.post("/things", json={})

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "count", "reason": "Field required", "type": "missing"}
    ]


async def test_an_unexpected_error_is_a_generic_500(client: httpx.AsyncClient) -> None:
    response = await client.get("/boom")

    assert response.status_code == 500
    assert response.json()["detail"] == "Something went wrong on our side; try again."
    assert response.json()["status"] == 500
    for leak in ("Traceback", "RuntimeError", "lookup failed", EMAIL):
        assert leak not in response.text


async def test_an_http_exception_with_a_dict_detail_is_the_body(client: httpx.AsyncClient) -> None:
    response = await client.get("/conflict")

    assert response.status_code == 409
    body = response.json()
    assert (body["detail"], body["code"], body["status"]) == ("taken", "dup", 409)


async def test_no_token_is_401_with_a_bearer_challenge(client: httpx.AsyncClient) -> None:
    response = await client.get("/areas/leeds")

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["detail"] == "A bearer token is required"


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": "Bearer not-a-jwt"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        bearer(key=generate_signing_key()),
    ],
    ids=["garbage", "basic", "wrong-secret"],
)
async def test_a_bad_token_is_401(client: httpx.AsyncClient, headers: dict[str, str]) -> None:
    response = await client.get("/areas/leeds", headers=headers)

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


async def test_a_wrong_role_is_403(client: httpx.AsyncClient) -> None:
    response = await client.get("/areas/leeds", headers=bearer(role="ops", areas=("*",)))

    assert response.status_code == 403
    assert "ops" in response.json()["detail"]


async def test_an_area_outside_the_scope_is_403(client: httpx.AsyncClient) -> None:
    response = await client.get("/areas/bradford", headers=bearer(areas=("leeds",)))

    assert response.status_code == 403
    assert "bradford" in response.json()["detail"]


async def test_the_right_role_in_scope_gets_through(client: httpx.AsyncClient) -> None:
    response = await client.get("/areas/leeds", headers=bearer(areas=("leeds",)))

    assert response.status_code == 200
    assert response.json() == {"subject": "c-17", "area": "leeds"}


async def test_healthz(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")

    assert (response.status_code, response.json()) == (200, {"status": "ok"})


async def test_readyz_when_everything_answers(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"database": True, "broker": True}}


async def test_readyz_is_503_when_a_check_fails(client: httpx.AsyncClient, probe: Probe) -> None:
    probe.checks["broker"] = False

    response = await client.get("/readyz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "not ready",
        "checks": {"database": True, "broker": False},
    }


async def test_metrics_serves_prometheus_text_with_request_counts(
    client: httpx.AsyncClient,
) -> None:
    await client.get("/healthz")

    response = await client.get("/metrics")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert "# TYPE t2t_http_requests_total counter" in response.text
    assert 't2t_http_requests_total{method="GET",route="/healthz",status="200"}' in response.text
    assert "t2t_http_request_seconds_bucket" in response.text


async def test_the_service_lifespan_runs(probe: Probe, client: httpx.AsyncClient) -> None:
    assert probe.lifespan_ran is True


def test_docs_are_served_from_the_app_metadata(probe: Probe) -> None:
    app = build_app(probe)

    schema = app.openapi()

    assert schema["info"]["title"] == "probe"
    assert "/healthz" in schema["paths"]
    assert "/metrics" not in schema["paths"]


async def test_a_body_that_is_not_json_names_the_body(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/things", content=b'{"name": "cut off', headers={"content-type": "application/json"}
    )

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["body"]


async def test_docs_are_served_without_a_cdn(client: httpx.AsyncClient) -> None:
    page = await client.get("/docs")

    assert page.status_code == 200
    assert "cdn." not in page.text
    script = next(line for line in page.text.splitlines() if "swagger-ui-bundle" in line)
    src = script.split('src="')[1].split('"')[0]
    assert (await client.get(src)).status_code == 200


def test_each_route_documents_who_may_call_it(probe: Probe) -> None:
    paths = build_app(probe).openapi()["paths"]

    assert paths["/areas/{area}"]["get"]["x-t2t-access"] == {
        "roles": ["coordinator", "admin"],
        "scope": {"coordinator": ["areas"], "admin": ["areas"]},
    }
    assert paths["/things"]["post"]["x-t2t-access"] == {"public": True}
    assert paths["/healthz"]["get"]["x-t2t-access"] == {"public": True}


def test_a_route_that_says_nothing_about_access_cannot_be_documented(probe: Probe) -> None:
    app = build_app(probe)

    @app.get("/forgotten")
    async def forgotten() -> None:
        return None

    with pytest.raises(UndeclaredAccess, match="GET /forgotten"):
        app.openapi()

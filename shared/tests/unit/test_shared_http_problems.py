"""Errors as the ecosystem expects: RFC 9457 bodies, request ids, body limits, 405 Allow,
and no documents or metrics on the public port in production."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import sqlalchemy.exc
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

from t2t_shared.auth import LocalKeys, TokenVerifier, generate_signing_key
from t2t_shared.http.app import create_service_app
from t2t_shared.http.problems import PROBLEM_JSON
from t2t_shared.http.requests import BodyLimits
from t2t_shared.http.security import Public

KEY = generate_signing_key()


class _NotInRepertoire(Exception):
    """What asyncpg raises for U+0000 in text."""

    sqlstate = "22021"


class Note(BaseModel):
    text: str


async def ready() -> dict[str, bool]:
    return {"database": True}


def build(**kwargs: Any) -> FastAPI:
    app = create_service_app(
        title="probe",
        description="probe",
        version="0.0.1",
        auth=TokenVerifier(LocalKeys(KEY), issuer="t2t", audience="t2t-probe"),
        readiness=ready,
        body_limits=BodyLimits(default_bytes=1000, small_bytes=100, small_paths=[r"/forms/.+"]),
        areas=("leeds", "york"),
        **kwargs,
    )

    @app.post("/notes", dependencies=[Public])
    async def add(note: Note) -> dict[str, str]:
        logging.getLogger("t2t.test.notes").warning("note refused")
        return {"text": note.text}

    @app.post("/stored", dependencies=[Public])
    async def stored(note: Note) -> None:
        raise RuntimeError("the insert failed") from _NotInRepertoire()

    @app.get("/notes", dependencies=[Public])
    async def notes() -> list[str]:
        return []

    @app.post("/busy", dependencies=[Public])
    async def busy() -> None:
        raise RuntimeError("the insert failed") from sqlalchemy.exc.TimeoutError(
            "QueuePool limit of size 5 overflow 10 reached, connection timed out"
        )

    @app.post("/broken", dependencies=[Public])
    async def broken() -> None:
        raise RuntimeError("a bug")

    @app.post("/forms/{name}", dependencies=[Public])
    async def form(name: str, note: Note) -> dict[str, str]:
        return {"name": name}

    @app.get("/counts", dependencies=[Public])
    async def counts(area: str | None = None) -> dict[str, str | None]:
        return {"area": area}

    @app.get("/gone", dependencies=[Public])
    async def gone() -> None:
        raise HTTPException(404, "No such note")

    return app


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    app = build()
    transport = httpx.ASGITransport(app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://probe") as http:
        yield http


async def test_an_error_is_a_problem_document(client: httpx.AsyncClient) -> None:
    response = await client.get("/gone")

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert {k: body[k] for k in ("type", "title", "status", "detail", "instance")} == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "No such note",
        "instance": "/gone",
    }
    assert body["request_id"] == response.headers["x-request-id"]


async def test_a_validation_problem_keeps_its_per_field_errors(client: httpx.AsyncClient) -> None:
    response = await client.post("/notes", json={})

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["detail"] == "The request is not valid"
    assert body["errors"][0]["field"] == "text"
    assert body["type"] == "urn:t2t:problem:invalid-request"


async def test_every_answer_has_a_request_id_and_a_well_formed_one_is_kept(
    client: httpx.AsyncClient,
) -> None:
    fresh = await client.get("/notes")
    kept = await client.get("/notes", headers={"X-Request-ID": "trace-0123456789abcdef"})
    refused = await client.get("/notes", headers={"X-Request-ID": "Sam Taylor 07700900123"})

    assert len(fresh.headers["x-request-id"]) == 36
    assert kept.headers["x-request-id"] == "trace-0123456789abcdef"
    assert refused.headers["x-request-id"] != "Sam Taylor 07700900123"


async def test_the_request_id_is_in_the_requests_log_lines(
    client: httpx.AsyncClient, capsys: pytest.CaptureFixture[str]
) -> None:
    from t2t_shared.logging import configure_logging

    root = logging.getLogger()
    saved = root.handlers[:], root.level
    configure_logging("INFO", json=True)
    try:
        capsys.readouterr()
        response = await client.post(
            "/notes", json={"text": "hi"}, headers={"X-Request-ID": "req-42-abcdefgh"}
        )
        lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]
    finally:
        root.handlers[:], _ = saved[0], root.setLevel(saved[1])
    assert response.status_code == 200
    [line] = [line for line in lines if line.get("event") == "note refused"]
    assert line["request_id"] == "req-42-abcdefgh"


async def test_a_body_over_the_limit_is_413_as_a_problem(client: httpx.AsyncClient) -> None:
    response = await client.post("/notes", json={"text": "x" * 2000})

    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 413


async def test_a_chunked_body_over_the_limit_is_413_too(client: httpx.AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"text": "'
        for _ in range(20):
            yield b"x" * 100
        yield b'"}'

    response = await client.post(
        "/notes", content=chunks(), headers={"content-type": "application/json"}
    )

    assert response.status_code == 413


async def test_a_public_form_has_the_small_limit(client: httpx.AsyncClient) -> None:
    small = await client.post("/forms/join", json={"text": "x" * 50})
    large = await client.post("/forms/join", json={"text": "x" * 500})
    elsewhere = await client.post("/notes", json={"text": "x" * 500})

    assert (small.status_code, large.status_code, elsewhere.status_code) == (200, 413, 200)


async def test_a_405_allows_every_method_of_the_path(client: httpx.AsyncClient) -> None:
    response = await client.delete("/notes")

    assert response.status_code == 405
    allowed = {m.strip() for m in response.headers["allow"].split(",")}
    assert {"GET", "POST"} <= allowed


async def test_the_document_describes_errors_as_problems(client: httpx.AsyncClient) -> None:
    document = (await client.get("/openapi.json")).json()

    post = document["paths"]["/notes"]["post"]["responses"]
    assert set(post) >= {"200", "400", "413", "422"}
    assert list(post["422"]["content"]) == ["application/problem+json"]
    assert post["422"]["content"]["application/problem+json"]["schema"]["$ref"].endswith(
        "/ValidationProblem"
    )
    assert "X-Request-ID" in post["200"]["headers"]


async def test_the_document_says_any_operation_may_answer_503_with_retry_after(
    client: httpx.AsyncClient,
) -> None:
    document = (await client.get("/openapi.json")).json()
    busy = await client.post("/busy")

    for path, method in [("/notes", "post"), ("/notes", "get"), ("/counts", "get")]:
        unavailable = document["paths"][path][method]["responses"]["503"]
        assert unavailable["content"][PROBLEM_JSON]["schema"]["$ref"].endswith("/Problem")
        retry_after = unavailable["headers"]["Retry-After"]["schema"]
        assert retry_after["type"] == "integer"
        assert int(busy.headers["retry-after"]) in retry_after["examples"]
    # The probes answer in their own shape: readiness's 503 is its own body, not a problem.
    assert "503" not in document["paths"]["/healthz"]["get"]["responses"]
    readiness = document["paths"]["/readyz"]["get"]["responses"]["503"]
    assert "Retry-After" not in readiness["headers"]
    assert readiness["content"]["application/json"]["schema"]["$ref"].endswith("/Readiness")


async def test_in_development_docs_and_metrics_are_served(client: httpx.AsyncClient) -> None:
    for path in ("/docs", "/redoc", "/openapi.json", "/metrics"):
        assert (await client.get(path)).status_code == 200, path


async def test_in_production_docs_and_metrics_are_not_on_the_public_port() -> None:
    from t2t_cli.stack.common import free_port

    port = free_port()
    app = build(production=True, metrics_port=port)
    transport = httpx.ASGITransport(app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://probe") as http,
    ):
        for path in ("/docs", "/redoc", "/openapi.json", "/metrics"):
            assert (await http.get(path)).status_code == 404, path
        async with httpx.AsyncClient() as internal:
            metrics = await internal.get(f"http://127.0.0.1:{port}/metrics")
    assert metrics.status_code == 200
    assert "t2t_http_requests_total" in metrics.text


async def test_an_unknown_area_is_refused_and_the_document_lists_the_known_ones(
    client: httpx.AsyncClient,
) -> None:
    known = await client.get("/counts", params={"area": "york"})
    unknown = await client.get("/counts", params={"area": "atlantis"})
    document = (await client.get("/openapi.json")).json()

    assert known.status_code == 200
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "area"
    [area] = document["paths"]["/counts"]["get"]["parameters"]
    assert [o.get("enum") for o in area["schema"]["anyOf"] if o.get("type") == "string"] == [
        ["leeds", "york"]
    ]


async def test_half_a_surrogate_pair_becomes_a_replacement_character(
    client: httpx.AsyncClient,
) -> None:
    lone = b'{"text": "A\\ud83dB"}'
    pair = b'{"text": "A\\ud83d\\ude00B"}'

    mended = await client.post("/notes", content=lone, headers={"content-type": "application/json"})
    kept = await client.post("/notes", content=pair, headers={"content-type": "application/json"})

    assert mended.json() == {"text": "A\ufffdB"}
    assert kept.json() == {"text": "A\U0001f600B"}


async def test_text_the_database_cannot_store_is_a_422_naming_its_field(
    client: httpx.AsyncClient,
) -> None:
    # PostgreSQL refuses U+0000 in text (SQLSTATE 22021): that was a 500 at the insert.
    body = b'{"text": "Phil\\u0000ippa"}'

    refused = await client.post(
        "/stored", content=body, headers={"content-type": "application/json"}
    )

    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["errors"] == [
        {
            "field": "text",
            "reason": "must not contain the NUL character (U+0000)",
            "type": "value_error",
        }
    ]
    assert "Phil" not in refused.text


async def test_a_nul_the_service_never_stores_is_no_error(client: httpx.AsyncClient) -> None:
    body = b'{"text": "Phil\\u0000ippa"}'

    kept = await client.post("/notes", content=body, headers={"content-type": "application/json"})

    assert kept.status_code == 200


async def test_a_database_out_of_reach_is_a_503_to_retry_not_a_500(
    client: httpx.AsyncClient,
) -> None:
    # Under overload the pool's wait for a connection runs out: the caller did nothing wrong.
    busy = await client.post("/busy")

    assert busy.status_code == 503
    assert busy.headers["retry-after"] == "2"
    assert busy.headers["content-type"] == "application/problem+json"
    assert "QueuePool" not in busy.text


async def test_any_other_error_is_still_a_500_without_its_text(client: httpx.AsyncClient) -> None:
    broken = await client.post("/broken")

    assert broken.status_code == 500
    assert "a bug" not in broken.text

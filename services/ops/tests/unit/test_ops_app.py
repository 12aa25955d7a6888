"""The ops service's platform endpoints, before its domain lands."""

from __future__ import annotations

import httpx

from ops.bootstrap import bootstrap
from ops.config import Settings
from ops.entrypoints.app import create_app


async def test_health_docs_and_metrics_are_served() -> None:
    settings = Settings(
        database_url="postgresql://nobody@127.0.0.1:1/none", kafka_bootstrap="127.0.0.1:1"
    )
    app = create_app(bootstrap(settings))
    transport = httpx.ASGITransport(app)
    async with httpx.AsyncClient(transport=transport, base_url="http://ops") as client:
        assert (await client.get("/healthz")).json() == {"status": "ok"}
        assert (await client.get("/docs")).status_code == 200
        paths = (await client.get("/openapi.json")).json()["paths"]
        assert "t2t_http_requests_total" in (await client.get("/metrics")).text
        ready = await client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["checks"] == {"database": False, "broker": False, "read_models": False}
    assert settings.port == 8000
    assert settings.sqlalchemy_url.startswith("postgresql+asyncpg://")
    for route in ("feed", "funnel", "capacity", "volunteers", "notifications", "lag", "dlq"):
        assert paths[f"/api/{route}"]["get"]["summary"]
    assert paths["/api/dlq/redrive"]["post"]["summary"]

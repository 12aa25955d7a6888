"""The groups service's platform endpoints and settings."""

from __future__ import annotations

import httpx

from groups.bootstrap import bootstrap
from groups.config import Settings
from groups.entrypoints.app import create_app


async def test_health_docs_and_metrics_are_served() -> None:
    settings = Settings(
        database_url="postgresql://nobody@127.0.0.1:1/none", kafka_bootstrap="127.0.0.1:1"
    )
    app = create_app(bootstrap(settings))
    transport = httpx.ASGITransport(app)
    async with httpx.AsyncClient(transport=transport, base_url="http://groups") as client:
        assert (await client.get("/healthz")).json() == {"status": "ok"}
        assert (await client.get("/docs")).status_code == 200
        assert "t2t_http_requests_total" in (await client.get("/metrics")).text
        ready = await client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["checks"] == {"database": False, "broker": False, "consumers": False}
    assert settings.port == 8002
    assert settings.sqlalchemy_url.startswith("postgresql+asyncpg://")


def test_consumers_and_sweeps_are_wired() -> None:
    settings = Settings(
        database_url="postgresql://nobody@127.0.0.1:1/none",
        topic_prefix="t2t.west.",
        offer_sweep_interval_s=30,
    )
    container = bootstrap(settings)
    consumer = container.runtime.consumer
    assert consumer is not None
    routes = consumer.routes.by_topic
    assert set(routes["t2t.west.referrals.events"]) == {
        "t2t.referrals.ReferralAccepted.v1",
        "t2t.referrals.ReferralClosed.v1",
    }
    assert set(routes["t2t.west.volunteers.events"]) == {
        f"t2t.volunteers.{name}.v1"
        for name in (
            "FacilitatorTrained",
            "TrainingExpired",
            "VolunteerScreened",
            "VolunteerPaused",
            "VolunteerResumed",
            "VolunteerLeft",
        )
    }
    assert [(w.name, w.interval_s) for w in container.workers] == [
        ("expire-offers", 30),
        ("keep-calendars", 3600),
    ]
    assert container.ctx.offer_valid_for.days == 7

"""The volunteers service's platform endpoints and settings."""

from __future__ import annotations

import httpx
import pytest
from pydantic import ValidationError

from volunteers.bootstrap import bootstrap
from volunteers.config import Settings
from volunteers.domain.stages import Stage
from volunteers.domain.training import Course
from volunteers.domain.worklist import StageTarget
from volunteers.entrypoints.app import create_app


async def test_health_docs_and_metrics_are_served() -> None:
    settings = Settings(
        database_url="postgresql://nobody@127.0.0.1:1/none", kafka_bootstrap="127.0.0.1:1"
    )
    app = create_app(bootstrap(settings))
    transport = httpx.ASGITransport(app)
    async with httpx.AsyncClient(transport=transport, base_url="http://volunteers") as client:
        assert (await client.get("/healthz")).json() == {"status": "ok"}
        assert (await client.get("/docs")).status_code == 200
        assert "t2t_http_requests_total" in (await client.get("/metrics")).text
        ready = await client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["checks"] == {"database": False, "broker": False, "consumers": False}
    assert settings.port == 8003
    assert settings.sqlalchemy_url.startswith("postgresql+asyncpg://")


def test_the_expiry_sweep_runs_as_a_worker_on_the_configured_interval() -> None:
    settings = Settings(sweep_interval_s=86_400, renewal_notice_days=14)
    container = bootstrap(settings)

    [worker] = container.workers()

    assert (worker.name, worker.interval_s) == ("expiry-sweep", 86_400)
    assert container.sweep().notice_days == 14


def test_stage_targets_and_course_rules_come_from_settings() -> None:
    settings = Settings(stage_days={"applied": (3, 5)}, core_validity_months=36)

    assert settings.stage_targets == {Stage.APPLIED: StageTarget(3, 5)}
    assert settings.course_rules[Course.CORE_FACILITATOR].validity_months == 36


@pytest.mark.parametrize(
    ("stage_days", "reason"),
    [({"waiting": (1, 2)}, "unknown stage 'waiting'"), ({"applied": (9, 5)}, "ideal days <= max")],
)
def test_bad_stage_targets_are_refused_at_start_up(
    stage_days: dict[str, tuple[int, int]], reason: str
) -> None:
    with pytest.raises(ValidationError, match=reason):
        Settings(stage_days=stage_days)

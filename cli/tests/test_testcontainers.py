"""The Docker path of the fixtures: skipped cleanly without an engine, exercised with one."""

from __future__ import annotations

import time

import asyncpg
import pytest

from t2t_cli.pytest_plugin import choose_backend, docker_engine_available
from t2t_cli.stack.pgdb import database_dsn, server_dsn

NO_DOCKER = "no Docker engine answers (docker.from_env().ping() failed): testcontainers not used"


@pytest.fixture
def docker_engine() -> None:
    if not docker_engine_available():
        pytest.skip(NO_DOCKER)


def test_the_docker_probe_answers_fast_when_nothing_listens(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
    started = time.monotonic()
    assert docker_engine_available.__wrapped__() is False
    assert time.monotonic() - started < 1.0


def test_an_environment_url_wins_then_docker_then_the_embedded_stack() -> None:
    assert choose_backend("postgresql://x@db:5432", docker_ok=True) == "env"
    assert choose_backend(None, docker_ok=True) == "docker"
    assert choose_backend("", docker_ok=False) == "local"


@pytest.mark.usefixtures("docker_engine")
async def test_a_postgres_container_serves_queries() -> None:
    from testcontainers.community.postgres import PostgresContainer

    with PostgresContainer("postgres:16", driver=None) as container:
        server = server_dsn(container.get_connection_url())
        conn = await asyncpg.connect(database_dsn(server, "postgres"))
        try:
            assert await conn.fetchval("SELECT 1") == 1
        finally:
            await conn.close()


@pytest.mark.usefixtures("docker_engine")
async def test_a_kafka_container_answers_metadata() -> None:
    from testcontainers.community.kafka import KafkaContainer

    from t2t_cli.stack.broker import wait_for_kafka

    with KafkaContainer().with_kraft() as container:
        await wait_for_kafka(container.get_bootstrap_server(), within=30)

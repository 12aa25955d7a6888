"""docker-compose.yml: valid against the Compose Specification and wired to the contracts."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
COMPOSE = REPO / "docker-compose.yml"
SERVICES = {
    "referrals": 8001,
    "groups": 8002,
    "volunteers": 8003,
    "notifications": 8004,
    "ops": 8000,
}
INFRASTRUCTURE = {"kafka", "postgres", "mailpit"}
# The portal keeps no data and talks to no broker: it calls the services' APIs.
PORTAL = {"portal": 8005}
APIS = {"referrals", "groups", "volunteers", "notifications"}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())  # resolves anchors and <<
    return loaded


def run_validator(check_jsonschema: Path, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(check_jsonschema), "--builtin-schema", "vendor.compose-spec", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_compose_file_matches_the_compose_spec(check_jsonschema: Path) -> None:
    result = run_validator(check_jsonschema, COMPOSE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_validator_rejects_a_broken_compose_file(
    check_jsonschema: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "compose.yml"
    broken.write_text("services:\n  api:\n    image: x\n    ports: 8001\n")  # not a list
    assert run_validator(check_jsonschema, broken).returncode != 0


def test_every_application_service_is_built_checked_and_ordered(compose: dict[str, Any]) -> None:
    declared = compose["services"]
    assert set(declared) == set(SERVICES) | INFRASTRUCTURE | set(PORTAL)
    for name, service in declared.items():
        if name in INFRASTRUCTURE:
            continue
        for key in ("build", "ports", "healthcheck", "depends_on"):
            assert key in service, f"{name} has no {key}"


@pytest.mark.parametrize(("name", "port"), SERVICES.items())
def test_service_runs_from_its_dockerfile_after_migrating(
    compose: dict[str, Any], name: str, port: int
) -> None:
    service = compose["services"][name]
    assert service["build"] == {"context": ".", "args": {"SERVICE": name}}
    assert (REPO / "Dockerfile").exists()
    assert f"{port}:{port}" in service["ports"]

    # Its Dockerfile's HEALTHCHECK (GET /healthz) applies unless compose replaces or disables it.
    assert "disable" not in service["healthcheck"]
    assert "test" not in service["healthcheck"] or "/healthz" in str(service["healthcheck"])

    script = service["command"][-1]
    assert re.fullmatch(rf"python -m {name} migrate && exec python -m {name} serve", script)

    needs = {"postgres", "kafka"} | ({"mailpit"} if name == "notifications" else set())
    assert set(service["depends_on"]) == needs
    assert all(c["condition"] == "service_healthy" for c in service["depends_on"].values())


@pytest.mark.parametrize(("name", "port"), SERVICES.items())
def test_service_environment_follows_the_settings_contract(
    compose: dict[str, Any], name: str, port: int
) -> None:
    env = compose["services"][name]["environment"]
    assert env["T2T_ENVIRONMENT"] == "development"
    assert env["T2T_HOST"] == "0.0.0.0"
    assert env[f"T2T_{name.upper()}_PORT"] == str(port)
    assert env[f"T2T_DATABASE_URL_{name.upper()}"] == (
        f"postgresql+asyncpg://t2t:change-me@postgres:5432/t2t_{name}"
    )
    assert env["T2T_TOPIC_PREFIX"] == "t2t."
    assert env["T2T_KAFKA_ENABLE_IDEMPOTENCE"] == "true"  # real Apache Kafka here
    assert env["T2T_KAFKA_REPLICATION_FACTOR"] == "1"  # a single broker
    assert env["T2T_JWKS_URL"] == "http://portal:8005/.well-known/jwks.json"
    assert "T2T_JWT_SECRET" not in env


def test_services_reach_kafka_on_the_listener_it_advertises_to_containers(
    compose: dict[str, Any],
) -> None:
    kafka = compose["services"]["kafka"]
    advertised = dict(
        item.split("://") for item in kafka["environment"]["KAFKA_ADVERTISED_LISTENERS"].split(",")
    )
    for name in SERVICES:
        assert (
            compose["services"][name]["environment"]["T2T_KAFKA_BOOTSTRAP"]
            == (advertised["INTERNAL"])
        )
    assert advertised["HOST"] == "localhost:9092"
    assert "9092:9092" in kafka["ports"]


def test_kafka_is_a_single_kraft_node_that_never_auto_creates_topics(
    compose: dict[str, Any],
) -> None:
    kafka = compose["services"]["kafka"]
    assert kafka["image"].startswith("apache/kafka:")
    env = kafka["environment"]
    assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    assert env["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] == "false"
    assert "test" in kafka["healthcheck"]


def test_postgres_creates_one_database_per_service(compose: dict[str, Any]) -> None:
    postgres = compose["services"]["postgres"]
    assert postgres["image"] == "postgres:16"
    assert "55432:5432" in postgres["ports"]
    (init,) = [v for v in postgres["volumes"] if "docker-entrypoint-initdb.d" in v]
    script = (REPO / init.split(":")[0]).read_text()
    created = set(re.findall(r"CREATE DATABASE (\w+) OWNER t2t;", script))
    assert {f"t2t_{name}" for name in SERVICES} <= created
    assert "test" in postgres["healthcheck"]


def test_notifications_sends_mail_to_mailpit_and_sms_to_a_volume(compose: dict[str, Any]) -> None:
    mailpit = compose["services"]["mailpit"]
    assert mailpit["image"].startswith("axllent/mailpit:")
    assert {"1025:1025", "8025:8025"} <= set(mailpit["ports"])
    env = compose["services"]["notifications"]["environment"]
    assert (env["T2T_SMTP_HOST"], env["T2T_SMTP_PORT"]) == ("mailpit", "1025")
    assert env["T2T_SMS_PROVIDER"] == "sink"
    mounts = [v.split(":")[1] for v in compose["services"]["notifications"]["volumes"]]
    assert any(env["T2T_SMS_SINK_PATH"].startswith(m + "/") for m in mounts)


def test_the_portal_calls_each_service_by_its_compose_name(compose: dict[str, Any]) -> None:
    portal = compose["services"]["portal"]
    assert portal["build"] == {"context": ".", "args": {"SERVICE": "portal"}}
    assert "8005:8005" in portal["ports"]
    assert set(portal["depends_on"]) == APIS
    assert all(c["condition"] == "service_healthy" for c in portal["depends_on"].values())
    env = portal["environment"]
    assert env["T2T_PORTAL_PORT"] == "8005"
    for name in APIS:
        port = SERVICES[name]
        assert env[f"T2T_{name.upper()}_URL"] == f"http://{name}:{port}"
        assert f"{port}:{port}" in compose["services"][name]["ports"]
    assert env["T2T_SIGNING_KEY_FILE"] == "/var/lib/t2t/keys/signing-key.json"
    assert "keys:/var/lib/t2t" in " ".join(
        portal["volumes"] + compose["services"]["ops"]["volumes"]
    )
    assert "T2T_KAFKA_BOOTSTRAP" not in env
    assert not any(k.startswith("T2T_DATABASE_URL") for k in env)
    links = compose["services"]["notifications"]["environment"]["T2T_PORTAL_URL"]
    assert links == "http://localhost:8005", "offer links open the portal from the host"

"""The one Dockerfile: every service's image, named by the build argument SERVICE.

No Docker engine here, so nothing is built: these tests read the file and hold it to
the contracts (uv workspace package, non-root user, /healthz HEALTHCHECK, `serve` CMD),
and check that its SERVICE → port table matches what each service listens on.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SERVICES = {
    "referrals": 8001,
    "groups": 8002,
    "volunteers": 8003,
    "notifications": 8004,
    "ops": 8000,
    "portal": 8005,
}


def dockerfile() -> str:
    return (REPO / "Dockerfile").read_text()


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    logical = re.sub(r"\\\n", " ", text)
    pairs = []
    for line in logical.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            pairs.append((keyword.upper(), " ".join(rest.split())))
    return pairs


def test_no_service_keeps_a_dockerfile_of_its_own() -> None:
    assert list((REPO / "services").glob("*/Dockerfile")) == []


def test_the_port_table_names_every_service_with_its_port() -> None:
    table = dict(re.findall(r"(\w+)\) port=(\d+)", dockerfile()))
    assert table == {name: str(port) for name, port in SERVICES.items()}


def test_dockerfile_meets_the_service_contract() -> None:
    steps = instructions(dockerfile())
    keywords = [k for k, _ in steps]
    assert keywords.count("FROM") >= 2, "multi-stage: build with uv, run without it"
    assert ("ARG", "SERVICE") in steps

    syncs = [args for k, args in steps if k == "RUN" and "uv sync" in args]
    assert syncs
    assert all(
        "--frozen" in s and "--no-dev" in s and '--package "t2t-${SERVICE}"' in s for s in syncs
    )
    assert ("COPY", "services/${SERVICE} services/${SERVICE}") in steps

    (user,) = [args for k, args in steps if k == "USER"]
    uid = user.split(":")[0]
    assert uid.isdigit(), "a numeric user: runAsNonRoot can check it"
    assert int(uid) != 0
    assert keywords.index("USER") > max(i for i, k in enumerate(keywords) if k == "FROM")

    (healthcheck,) = [args for k, args in steps if k == "HEALTHCHECK"]
    assert "/healthz" in healthcheck
    assert "'T2T_' + s.upper() + '_PORT'" in healthcheck

    (cmd,) = [args for k, args in steps if k == "CMD"]
    assert json.loads(cmd) == ["sh", "-c", 'exec python -m "$T2T_SERVICE" serve']
    assert any(k == "ENV" and "T2T_SERVICE=${SERVICE}" in args for k, args in steps)


@pytest.mark.parametrize("name", SERVICES)
def test_the_uv_package_the_dockerfile_installs_is_in_the_lock(name: str) -> None:
    lock = tomllib.loads((REPO / "uv.lock").read_text())
    assert f"t2t-{name}" in {p["name"] for p in lock["package"]}


@pytest.mark.parametrize("name", SERVICES)
def test_migrations_live_inside_the_package(name: str) -> None:
    # The image installs the service as a wheel (uv sync --no-editable): only files inside
    # services/<name>/<name>/ reach the container, so `python -m <name> migrate` would not
    # find Alembic scripts kept beside the package.
    root = REPO / "services" / name
    outside = [p.name for p in (root / "alembic.ini", root / "migrations") if p.exists()]
    assert not outside, f"move {outside} into services/{name}/{name}/"


def test_dockerignore_keeps_local_state_out_of_the_build_context() -> None:
    patterns = {
        line.strip()
        for line in (REPO / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    for needed in ("**/.venv", ".git", ".t2t", "**/tests", "**/__pycache__"):
        assert needed in patterns, f".dockerignore lacks {needed}"
    assert "uv.lock" not in patterns
    assert "shared" not in patterns

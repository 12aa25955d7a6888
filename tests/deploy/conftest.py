"""Fixtures of the deployment tests: the repository, the validators, the built overlays.

Everything here is offline and fast; a missing validator skips its tests with the reason.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.fixtures.tools import require_tool

REPO = Path(__file__).resolve().parents[2]
OVERLAYS_DIR = REPO / "deploy" / "overlays"
OVERLAYS = sorted(p.parent.name for p in OVERLAYS_DIR.glob("*/kustomization.yaml"))

Doc = dict[str, Any]


def tool(name: str) -> Path | None:
    """A validator from this interpreter's venv, else from PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return beside
    found = shutil.which(name)
    return Path(found) if found else None


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def overlay_names() -> list[str]:
    return OVERLAYS


@pytest.fixture(scope="session")
def check_jsonschema() -> Path:
    path = tool("check-jsonschema")
    if path is None:
        pytest.skip("check-jsonschema is not installed (uv sync installs the dev group)")
    return path


@dataclass(frozen=True)
class Build:
    """The resources `kubectl kustomize` renders for one overlay."""

    overlay: str
    docs: list[Doc]

    @property
    def namespace(self) -> str:
        return f"t2t-{self.overlay}"

    def of_kind(self, kind: str) -> list[Doc]:
        return [d for d in self.docs if d["kind"] == kind]

    def named(self, kind: str) -> dict[str, Doc]:
        return {d["metadata"]["name"]: d for d in self.of_kind(kind)}

    def config_map(self, prefix: str) -> Doc:
        """A generated ConfigMap, found by its name without the content hash."""
        (found,) = [
            d for d in self.of_kind("ConfigMap") if d["metadata"]["name"].startswith(prefix + "-")
        ]
        return found


def kustomize(directory: Path) -> list[Doc]:
    kubectl = require_tool("kubectl", "install kubectl to build the overlays")
    result = subprocess.run(
        [kubectl, "kustomize", str(directory)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, f"kubectl kustomize {directory} failed:\n{result.stderr}"
    return [d for d in yaml.safe_load_all(result.stdout) if d]


@pytest.fixture(scope="session", params=OVERLAYS)
def overlay(request: pytest.FixtureRequest) -> Build:
    """Each regional overlay, built once per session."""
    return Build(request.param, kustomize(OVERLAYS_DIR / request.param))

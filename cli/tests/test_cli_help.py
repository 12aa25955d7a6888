"""What a newcomer sees first: `t2t --version`, choices listed in `--help`, and `make help`."""

from __future__ import annotations

import re
import subprocess
from enum import StrEnum
from importlib.metadata import version
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ops.domain.topic_selection import OBSERVED_SERVICES
from t2t_cli.choices import ApiService, DemoScale, PublishingService, Role
from t2t_cli.demo.plan import SCALES
from t2t_cli.main import app
from t2t_shared.auth import API_SERVICES, ROLES

ROOT = Path(__file__).resolve().parents[2]
# A rule's name at the start of a line: `name:` or `name: deps`, not a file (`.tools/bin/uv`),
# a variable (`$(STAMP)`), `.PHONY` or an assignment (`UV :=`).
TARGET = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):(?!=)", re.MULTILINE)


@pytest.mark.parametrize(
    ("choices", "defined"),
    [
        (Role, ROLES),
        (ApiService, API_SERVICES),
        (PublishingService, OBSERVED_SERVICES),
        (DemoScale, tuple(SCALES)),
    ],
    ids=lambda x: x.__name__ if isinstance(x, type) else "",
)
def test_each_choice_enum_is_the_platforms_list(
    choices: type[StrEnum], defined: tuple[str, ...]
) -> None:
    assert tuple(choices) == defined


def test_version_prints_the_installed_version() -> None:
    result = CliRunner().invoke(app, ["--version"])

    assert (result.exit_code, result.output) == (0, f"t2t {version('t2t-cli')}\n")


@pytest.mark.parametrize(
    ("command", "choices"),
    [
        (["token"], Role),
        (["token"], ApiService),
        (["demo"], DemoScale),
        (["replay"], PublishingService),
        (["events", "tail"], PublishingService),
    ],
)
def test_help_lists_the_choices(command: list[str], choices: type[StrEnum]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "300"})

    assert result.exit_code == 0
    assert "|".join(choices) in result.output


def test_a_value_outside_the_choices_is_refused_naming_them() -> None:
    result = CliRunner().invoke(app, ["token", "--role", "superuser"], env={"COLUMNS": "300"})

    assert result.exit_code == 2
    assert "superuser" in result.output
    assert "'referrer', 'coordinator'" in result.output


def test_make_help_lists_every_target_of_the_makefile() -> None:
    targets = TARGET.findall((ROOT / "Makefile").read_text())
    shown = subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), "help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert {"run", "test", "lint", "help"} <= set(targets)
    assert [t for t in targets if not re.search(rf"^make {re.escape(t)}\b", shown, re.M)] == []

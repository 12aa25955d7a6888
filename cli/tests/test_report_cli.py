"""`t2t report` against the ops app in process, with a fake of the report port."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner, Result

from ops.bootstrap import bootstrap
from ops.config import Settings
from ops.entrypoints.app import create_app
from t2t_cli import report as command
from t2t_cli.main import app
from t2t_cli.stack.common import free_port
from tests.fixtures.area_reports import FakeAreaReports
from tests.fixtures.services import token

LEEDS = token("commissioner", ["leeds"])


class InProcess:
    """The ops app behind a client, without its lifespan (no broker, no database)."""

    def __init__(self, ops: Any, base_url: str) -> None:
        self.client = TestClient(ops, base_url=base_url)

    def __enter__(self) -> TestClient:
        return self.client

    def __exit__(self, *_: object) -> None:
        self.client.close()


@pytest.fixture
def reports(monkeypatch: pytest.MonkeyPatch) -> FakeAreaReports:
    settings = Settings(
        database_url="postgresql://nobody@127.0.0.1:1/none", kafka_bootstrap="127.0.0.1:1"
    )
    ops = create_app(bootstrap(settings))
    fake = FakeAreaReports()
    ops.state.area_reports = fake
    monkeypatch.setattr(command, "ops_client", lambda base: InProcess(ops, base))
    return fake


def run(*args: str, columns: int = 160) -> Result:
    return CliRunner().invoke(app, ["report", *args], env={"COLUMNS": str(columns)})


QUARTER = ("--from", "2026-01-01", "--to", "2026-03-31")


def test_tables_show_the_figures(reports: FakeAreaReports) -> None:
    result = run("--area", "leeds", *QUARTER, "--token", LEEDS, "--url", "http://ops")
    assert result.exit_code == 0, result.output
    for figure in ("leeds", "137", "Hyde Park Surgery", "B82005", "regular_attender", "86%"):
        assert figure in result.stdout, figure
    assert "26.5 hours" in result.stdout
    assert reports.asked[0][0] == "leeds"


def test_csv_prints_the_stable_layout(reports: FakeAreaReports) -> None:
    result = run("--area", "leeds", *QUARTER, "--csv", "--token", LEEDS, "--url", "http://ops")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["section", "label", "measure", "value"], "no byte-order mark on a terminal"
    assert ["funnel", "joined", "referrals", "83"] in rows


def test_a_dev_token_is_used_when_none_is_given(reports: FakeAreaReports) -> None:
    result = run("--area", "york", *QUARTER, "--url", "http://ops")
    assert result.exit_code == 0, result.output
    assert reports.asked[0][0] == "york"


def test_refusals_say_why(reports: FakeAreaReports) -> None:
    outside = run("--area", "york", *QUARTER, "--token", LEEDS, "--url", "http://ops")
    assert outside.exit_code == 1
    assert "403" in outside.output
    assert "york" in outside.output
    bad = run("--area", "leeds", "--from", "2026-1-1", "--token", LEEDS, "--url", "http://ops")
    assert bad.exit_code == 2
    assert "from:" in bad.output
    assert "YYYY-MM-DD" in bad.output
    assert reports.asked == []


def test_an_unreachable_console_gets_a_one_line_hint() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    result = run("--area", "leeds", "--token", LEEDS, "--url", url, columns=60)
    assert result.exit_code == 1
    assert f"not reachable at {url}" in result.output
    assert "make run" in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1

"""Browser tests fail, not skip, under CI=true when Chromium (or Playwright) is missing."""

from __future__ import annotations

import pytest

from tests.fixtures.tools import require_module, require_tool, when_missing


@pytest.mark.parametrize("value", ["true", "TRUE", "True", "1", "yes", " true "])
def test_ci_fails_on_a_missing_tool(value: str) -> None:
    assert when_missing({"CI": value}) == "fail"


@pytest.mark.parametrize("environ", [{}, {"CI": ""}, {"CI": "false"}, {"CI": "0"}])
def test_elsewhere_a_missing_tool_skips(environ: dict[str, str]) -> None:
    assert when_missing(environ) == "skip"


def test_a_missing_tool_fails_under_ci_naming_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no t2t-no-such-browser on PATH: apt-get"):
        require_tool("t2t-no-such-browser", "apt-get install it")
    with pytest.raises(pytest.fail.Exception, match="cannot import t2t_no_such_module"):
        require_module("t2t_no_such_module", "uv sync")


def test_a_missing_tool_skips_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install it"):
        require_tool("t2t-no-such-browser", "apt-get install it")
    with pytest.raises(pytest.skip.Exception, match="uv sync"):
        require_module("t2t_no_such_module", "uv sync")


def test_a_present_tool_is_found_whatever_ci_says(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    assert require_tool("sh", "apt-get install dash").endswith("/sh")
    assert require_module("json", "stdlib").__name__ == "json"

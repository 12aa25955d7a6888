"""Without Chromium the browser tests skip with the reason, except under CI=true, where
they fail: CI must never pass by running none of them."""

from __future__ import annotations

import pytest

from tests.e2e.portal import conftest
from tests.fixtures import tools


def test_missing_chromium_fails_under_ci_and_skips_elsewhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(tools.shutil, "which", lambda _: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="apt-get install chromium"):
        conftest.chromium_path()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        conftest.chromium_path()


def test_chromium_is_found_when_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tools.shutil, "which", lambda name: f"/usr/bin/{name}")
    assert conftest.chromium_path() == "/usr/bin/chromium"

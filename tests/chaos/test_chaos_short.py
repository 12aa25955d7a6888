"""The short chaos run (about two minutes of faults): every invariant must hold.

Deselect with `-m "not chaos"`; `make chaos` runs the full one.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.chaos,
    pytest.mark.timeout(1200),
    # lead: remove after merging issue 12 branches
    pytest.mark.xfail(
        strict=False, reason="issue 12: the fixes are on other branches until they are merged"
    ),
]


def test_the_short_chaos_run_loses_nothing_and_doubles_nothing(tmp_path: Path) -> None:
    out = tmp_path / "chaos"
    # Its own process, as `make chaos` runs it: the run starts a dozen processes and must
    # not share this test process's event loop or signal handlers.
    run = subprocess.run(
        [sys.executable, "-m", "t2t_cli.chaos", "--short", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=1100,
        check=False,
    )
    assert run.returncode in (0, 1), f"the harness failed:\n{run.stderr[-3000:]}"
    results = json.loads((out / "results.json").read_text())
    verdict = results["verdict"]

    assert results["faults"], "the nemesis injected nothing"
    assert results["accepted"] > 0, "the workload drove nothing"
    assert verdict["violations"] == {}, run.stdout[-4000:]
    assert verdict["passed"]
    assert run.returncode == 0

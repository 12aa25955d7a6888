"""The short chaos run (about two minutes of faults): every invariant must hold.

Deselect with `-m "not chaos"`; `make chaos` runs the full one.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest


class InvariantsBroken(AssertionError):
    """The run worked and its checker found violations (a harness failure is not this)."""


pytestmark = [pytest.mark.chaos, pytest.mark.timeout(1500)]


def test_the_short_chaos_run_loses_nothing_and_doubles_nothing() -> None:
    # Not pytest's tmp_path: other pytest sessions of the same user prune old base
    # directories, which can remove this one during the run's minutes.
    out = Path(tempfile.mkdtemp(prefix="t2t-chaos-test-"))
    # Its own process, as `make chaos` runs it: the run starts a dozen processes and must
    # not share this test process's event loop or signal handlers.
    with (out / "harness.log").open("w") as log:
        run = subprocess.run(
            [sys.executable, "-m", "t2t_cli.chaos", "--short", "--out", str(out)],
            stdout=log,
            stderr=subprocess.STDOUT,
            timeout=1400,
            check=False,
        )
    output = (out / "harness.log").read_text()
    assert run.returncode in (0, 1), f"the harness failed (see {out}):\n{output[-3000:]}"
    results = json.loads((out / "results.json").read_text())
    assert results["faults"], "the nemesis injected nothing"
    assert results["accepted"] > 0, "the workload drove nothing"
    made, planned = results["referrals"], results["config"]["referrals"]
    # Faults may cost a few referrals; if most do not go through, the run tested little (a
    # workload whose GP referrals were all refused at intake once made 28 of 120 and passed).
    assert made >= 0.9 * planned, f"{made} of {planned} referrals: {results['workload_errors'][:3]}"

    if results["verdict"]["violations"] or run.returncode != 0:
        raise InvariantsBroken(f"{results['verdict']['violations']} (see {out}):\n{output[-4000:]}")
    shutil.rmtree(out, ignore_errors=True)

"""The nemesis's /proc lookups on real processes, and the report on a crafted run."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from rich.console import Console

from t2t_cli.chaos.nemesis import LEADER_METRIC
from t2t_cli.chaos.procfs import descendants, owner_of_local_port, pss_mb
from t2t_cli.chaos.report import print_report, write_results
from t2t_cli.chaos.verdict import judge
from tests.chaos.test_checks import clean_facts

SPAWN_AND_CONNECT = """
import socket, subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
conn = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
print(conn.getsockname()[1], child.pid, flush=True)
time.sleep(60)
"""


def test_descendants_and_the_owner_of_a_connection() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        proc = subprocess.Popen(
            [sys.executable, "-c", SPAWN_AND_CONNECT, str(listener.getsockname()[1])],
            stdout=subprocess.PIPE,
            text=True,
        )
        sibling = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        try:
            assert proc.stdout is not None
            local_port, grandchild = map(int, proc.stdout.readline().split())

            assert grandchild in descendants(proc.pid)
            assert owner_of_local_port(local_port, [sibling.pid, proc.pid]) == proc.pid
            assert owner_of_local_port(local_port, [sibling.pid]) is None
            assert pss_mb([proc.pid]) > 1
        finally:
            for each in (proc, sibling):
                each.kill()
                each.wait()
        with contextlib.suppress(ProcessLookupError):  # orphaned, still asleep
            os.kill(grandchild, signal.SIGKILL)


def test_the_report_names_each_violation_and_writes_json(tmp_path: Path) -> None:
    facts = clean_facts()
    facts.accepts.append(facts.accepts[0])
    results = {
        "faults": [{"kind": "kill"}, {"kind": "broker_cut"}],
        "referrals": 2,
        "accepted": 2,
        "erased": 0,
        "heal": {"healed": True, "seconds": 3.0, "left": {}},
        "verdict": judge(facts).as_dict(),
    }
    console = Console(record=True, width=120)

    print_report(console, results)
    write_results(tmp_path / "results.json", results)

    text = console.export_text()
    assert "chaos: FAILED" in text
    assert "messages duplicated (accepted twice)" in text
    assert "duplicated_messages by cause: smtp, plain 1" in text
    saved = json.loads((tmp_path / "results.json").read_text())
    assert saved["verdict"]["violations"] == {"duplicated_messages": 1}


def test_the_relay_leader_is_the_replica_whose_gauge_reads_one() -> None:
    leading = (
        '# TYPE t2t_outbox_relay_leader gauge\nt2t_outbox_relay_leader{service="groups"} 1.0\n'
    )
    following = 't2t_outbox_relay_leader{service="groups"} 0.0\n'

    assert LEADER_METRIC.search(leading)
    assert not LEADER_METRIC.search(following)

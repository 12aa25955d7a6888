"""The supervisor: readiness, failure reports, and no process left behind, ever."""

from __future__ import annotations

import asyncio
import io
import re
import signal
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
from rich.console import Console

from t2t_cli.stack.child import Child
from t2t_cli.stack.common import free_port
from t2t_cli.stack.readiness import ChildFailed
from t2t_cli.stack.supervisor import Supervisor

StillAlive = Callable[[Iterable[int]], list[int]]

# A stand-in service: starts a grandchild (to prove whole groups are stopped), prints
# both pids, then behaves according to its mode.
SERVICE = """
import http.server, os, signal, subprocess, sys, time
mode, port = sys.argv[1], int(sys.argv[2])
grandchild = subprocess.Popen(["sleep", "300"])
print(f"pids {os.getpid()} {grandchild.pid}", flush=True)
if mode == "exit":
    time.sleep(0.3)
    print("giving up", flush=True)
    sys.exit(3)
if mode == "silent":
    print("booting...", flush=True)
    time.sleep(300)
if mode == "stubborn":
    signal.signal(signal.SIGTERM, signal.SIG_IGN)

class Ready(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if self.path == "/readyz" else 404)
        self.end_headers()

    def log_message(self, *args):
        pass

http.server.HTTPServer(("127.0.0.1", port), Ready).serve_forever()
"""

# Runs a supervisor the way `t2t up` does, so a real SIGTERM can be sent to it.
DRIVER = """
import asyncio, sys
from rich.console import Console
from t2t_cli.stack.supervisor import Supervisor

async def main(service, ports):
    supervisor = Supervisor(Console(width=200), grace=2)
    supervisor.handle_signals()
    async with supervisor:
        for i, port in enumerate(ports):
            await supervisor.start(
                f"svc{i}", [sys.executable, service, "serve", port],
                ready_url=f"http://127.0.0.1:{port}/readyz",
            )
        await supervisor.wait_ready(20)
        print("ALL READY", flush=True)
        await supervisor.run()

try:
    asyncio.run(main(sys.argv[1], sys.argv[2:]))
except asyncio.CancelledError:
    sys.exit(0)
"""


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("supervised") / "service.py"
    path.write_text(SERVICE)
    return path


def quiet() -> Console:
    return Console(file=io.StringIO(), width=200)


async def pids_of(child: Child) -> list[int]:
    for _ in range(200):
        for line in child.lines:
            if found := re.fullmatch(r"pids (\d+) (\d+)", line):
                return [int(found[1]), int(found[2])]
        await asyncio.sleep(0.025)
    raise AssertionError(f"{child.name} never printed its pids")


async def start(supervisor: Supervisor, service: Path, name: str, mode: str) -> tuple[Child, int]:
    port = free_port()
    child = await supervisor.start(
        name,
        [sys.executable, str(service), mode, str(port)],
        ready_url=f"http://127.0.0.1:{port}/readyz",
    )
    return child, port


async def test_a_dying_child_stops_every_other_child(
    service: Path, still_alive: StillAlive
) -> None:
    supervisor = Supervisor(quiet(), grace=2)
    async with supervisor:
        healthy, _ = await start(supervisor, service, "healthy", "serve")
        doomed, _ = await start(supervisor, service, "doomed", "exit")
        pids = await pids_of(healthy) + await pids_of(doomed)
        reason = await asyncio.wait_for(supervisor.run(), 10)
    assert reason == "doomed exited with code 3"
    assert still_alive(pids) == []


async def test_a_child_that_never_gets_ready_is_named_with_its_output(
    service: Path, still_alive: StillAlive
) -> None:
    supervisor = Supervisor(quiet(), grace=2)
    async with supervisor:
        fine, _ = await start(supervisor, service, "fine", "serve")
        silent, port = await start(supervisor, service, "silent", "silent")
        pids = await pids_of(fine) + await pids_of(silent)
        with pytest.raises(ChildFailed) as failed:
            await supervisor.wait_ready(within=1.5)
    assert failed.value.name == "silent"
    assert f"silent was not ready at http://127.0.0.1:{port}/readyz after 2s" in str(failed.value)
    assert "booting..." in str(failed.value)
    assert still_alive(pids) == []


async def test_a_child_that_exits_while_starting_is_reported(service: Path) -> None:
    async with Supervisor(quiet(), grace=2) as supervisor:
        await start(supervisor, service, "quitter", "exit")
        with pytest.raises(ChildFailed, match=r"quitter exited with code 3 before it was ready"):
            await supervisor.wait_ready(within=10)


async def test_a_child_ignoring_sigterm_is_killed_after_the_grace_period(
    service: Path, still_alive: StillAlive
) -> None:
    supervisor = Supervisor(quiet(), grace=0.5)
    stubborn, _ = await start(supervisor, service, "stubborn", "stubborn")
    await supervisor.wait_ready(within=10)
    pids = await pids_of(stubborn)
    await supervisor.stop()
    assert stubborn.returncode == -signal.SIGKILL
    assert still_alive(pids) == []


async def test_resources_stop_after_the_children_and_their_death_stops_the_stack(
    service: Path,
) -> None:
    order: list[str] = []
    broker_up = True
    supervisor = Supervisor(quiet(), grace=2)
    supervisor.adopt("database", lambda: order.append("database"))
    supervisor.adopt("broker", lambda: order.append("broker"), alive=lambda: broker_up)
    child, _ = await start(supervisor, service, "svc", "serve")
    await supervisor.wait_ready(within=10)
    broker_up = False
    assert await asyncio.wait_for(supervisor.run(), 5) == "broker stopped unexpectedly"
    await supervisor.stop()
    assert child.returncode is not None
    assert order == ["broker", "database"]


async def test_sigterm_stops_every_child_and_grandchild(
    service: Path,
    tmp_path: Path,
    still_alive: StillAlive,
    reap: Callable[[asyncio.subprocess.Process], None],
) -> None:
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER)
    ports = [str(free_port()), str(free_port())]
    proc = await asyncio.create_subprocess_exec(
        sys.executable, str(driver), str(service), *ports, stdout=asyncio.subprocess.PIPE
    )
    reap(proc)
    assert proc.stdout is not None
    seen: list[str] = []
    while not seen or seen[-1] != "ALL READY":
        line = await asyncio.wait_for(proc.stdout.readline(), 20)
        assert line, f"driver exited early: {seen}"
        seen.append(line.decode().strip())
    pairs = [re.search(r"pids (\d+) (\d+)", line) for line in seen]
    pids = [int(pid) for pair in pairs if pair for pid in pair.groups()]
    assert len(pids) == 4

    proc.send_signal(signal.SIGTERM)
    rest = await asyncio.wait_for(proc.communicate(), 15)
    assert proc.returncode == 0, rest
    assert still_alive(pids) == []

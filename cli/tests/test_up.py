"""`t2t up` orchestration, driven with a stand-in service so it runs in seconds."""

from __future__ import annotations

import asyncio
import io
import json
import os
import signal
import socket
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import asyncpg
import pytest
from rich.console import Console

from t2t_cli.stack.common import StackError, free_port
from t2t_cli.stack.config import SERVICES, ServiceSpec, StackConfig
from t2t_cli.stack.mail import MailCatcher
from t2t_cli.stack.panel import StackInfo, stack_panel, token_lines
from t2t_cli.stack.readiness import http_status
from t2t_cli.stack.up import start_stack

StillAlive = Callable[[Iterable[int]], list[int]]

FAKE_MAIN = """
import http.server, json, os, sys
from pathlib import Path

home = Path(os.environ["T2T_HOME"])
if sys.argv[1] == "migrate":
    if os.environ.get("FAKE_MIGRATE_FAILS"):
        print("relation fake does not exist: boom", flush=True)
        sys.exit(4)
    seen = {key: value for key, value in os.environ.items() if key.startswith("T2T_")}
    (home / "fake-env.json").write_text(json.dumps(seen))
    sys.exit(0)
(home / "fake.pid").write_text(str(os.getpid()))

class Ready(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if self.path == "/readyz" else 404)
        self.end_headers()

    def log_message(self, *args):
        pass

port = int(os.environ["T2T_FAKE_PORT"])
http.server.HTTPServer(("127.0.0.1", port), Ready).serve_forever()
"""

RUN_STACK = """
import json, sys
from pathlib import Path
from t2t_cli.stack.config import ServiceSpec, StackConfig
from t2t_cli.stack.up import run_stack

args = json.loads(sys.argv[1])
config = StackConfig(
    home=Path(args["home"]), smtp_port=args["smtp_port"],
    postgres_dsn=args["postgres_dsn"], kafka_bootstrap=args["kafka_bootstrap"],
    services=(ServiceSpec("fake", "t2t_fake_svc", args["port"]),),
    extra_env={"PYTHONPATH": args["pythonpath"]},
)
sys.exit(run_stack(config, token_for=lambda role: f"token-for-{role}"))
"""


@pytest.fixture(scope="module")
def fake_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fakesvc")
    (root / "t2t_fake_svc").mkdir()
    (root / "t2t_fake_svc" / "__init__.py").write_text("")
    (root / "t2t_fake_svc" / "__main__.py").write_text(FAKE_MAIN)
    (root / "t2t_half_written").mkdir()
    (root / "t2t_half_written" / "__init__.py").write_text("")
    return root


@pytest.fixture
def on_path(fake_package: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.syspath_prepend(str(fake_package))
    return {"PYTHONPATH": str(fake_package)}


FAKE = ServiceSpec("fake", "t2t_fake_svc", 0)
HALF_WRITTEN = ServiceSpec("halfwritten", "t2t_half_written", 0)


def quiet() -> Console:
    return Console(file=io.StringIO(), width=200)


def with_free_port(spec: ServiceSpec) -> ServiceSpec:
    return ServiceSpec(spec.name, spec.module, free_port())


def port_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


async def database_exists(server: str, name: str) -> bool:
    conn = await asyncpg.connect(f"{server}/postgres")
    try:
        return bool(await conn.fetchval("SELECT 1 FROM pg_database WHERE datname=$1", name))
    finally:
        await conn.close()


async def test_everything_local_from_an_empty_home(
    reachable_dir: Path, on_path: dict[str, str], still_alive: StillAlive
) -> None:
    fake = with_free_port(FAKE)
    config = StackConfig(
        home=reachable_dir / "home",
        postgres_port=free_port(),
        kafka_port=free_port(),
        smtp_port=free_port(),
        services=(fake, with_free_port(HALF_WRITTEN)),
        extra_env=on_path,
    )
    async with start_stack(config, console=quiet()) as (supervisor, info):
        assert [s.name for s in info.services] == ["fake"]
        assert [s.name for s in info.skipped] == ["halfwritten"]
        assert await http_status(info.url(fake, "/readyz")) == 200
        assert await database_exists(info.postgres_dsn, "t2t_fake")
        seen = json.loads((config.home / "fake-env.json").read_text())
        pid = supervisor.children["fake"].pid
    assert seen == {
        "T2T_POSTGRES_DSN": f"postgresql://t2t@127.0.0.1:{config.postgres_port}",
        "T2T_KAFKA_BOOTSTRAP": f"127.0.0.1:{config.kafka_port}",
        "T2T_SMTP_HOST": "127.0.0.1",
        "T2T_SMTP_PORT": str(config.smtp_port),
        "T2T_SMS_SINK_PATH": str(config.home / "sms.jsonl"),
        "T2T_HOME": str(config.home),
        "T2T_FAKE_PORT": str(fake.port),
    } | {k: v for k, v in seen.items() if k not in _STACK_VARS}
    assert seen["T2T_FAKE_URL"] == f"http://127.0.0.1:{fake.port}", "where others find it"
    assert still_alive([pid]) == []
    for port in (config.postgres_port, config.kafka_port, config.smtp_port, fake.port):
        assert port_free(port), f"port {port} still answers after the stack stopped"


_STACK_VARS = {
    "T2T_POSTGRES_DSN",
    "T2T_KAFKA_BOOTSTRAP",
    "T2T_SMTP_HOST",
    "T2T_SMTP_PORT",
    "T2T_SMS_SINK_PATH",
    "T2T_HOME",
    "T2T_FAKE_PORT",
}


async def test_outside_servers_replace_the_local_ones(
    tmp_path: Path,
    on_path: dict[str, str],
    postgres_dsn: str,
    kafka_bootstrap: str,
    smtp_catcher: MailCatcher,
) -> None:
    config = StackConfig(
        home=tmp_path / "home",
        postgres_dsn=postgres_dsn,
        kafka_bootstrap=kafka_bootstrap,
        smtp_host=smtp_catcher.host,
        smtp_port=smtp_catcher.port,
        services=(with_free_port(FAKE),),
        extra_env=on_path,
    )
    async with start_stack(config, console=quiet()) as (_, info):
        assert not (config.home / "pg").exists()
        assert (info.postgres_dsn, info.kafka_bootstrap) == (postgres_dsn, kafka_bootstrap)
        assert not info.local_broker
        assert info.maildir is None
        assert await database_exists(postgres_dsn, "t2t_fake")


async def test_a_failing_migration_stops_start_up_with_its_output(
    tmp_path: Path, on_path: dict[str, str], postgres_dsn: str, kafka_bootstrap: str
) -> None:
    config = StackConfig(
        home=tmp_path / "home",
        postgres_dsn=postgres_dsn,
        kafka_bootstrap=kafka_bootstrap,
        smtp_port=free_port(),
        services=(with_free_port(FAKE),),
        extra_env={**on_path, "FAKE_MIGRATE_FAILS": "1"},
    )
    with pytest.raises(StackError, match=r"(?s)fake migrate exited with code 4.*boom"):
        async with start_stack(config, console=quiet()):
            pass


def test_config_reads_the_documented_variables(tmp_path: Path) -> None:
    config = StackConfig.from_env(
        {
            "T2T_HOME": str(tmp_path),
            "T2T_GROUPS_PORT": "9102",
            "T2T_POSTGRES_DSN": "postgresql://u:p@db:5432",
            "T2T_KAFKA_BOOTSTRAP": "kafka:9092",
            "T2T_SMTP_HOST": "mail",
            "T2T_SMTP_PORT": "2525",
        }
    )
    ports = {spec.name: spec.port for spec in config.services}
    assert ports == {
        "ops": 8000,
        "referrals": 8001,
        "groups": 9102,
        "volunteers": 8003,
        "notifications": 8004,
        "portal": 8005,
    }
    assert (config.home, config.postgres_dsn, config.kafka_bootstrap) == (
        tmp_path,
        "postgresql://u:p@db:5432",
        "kafka:9092",
    )
    assert (config.smtp_host, config.smtp_port) == ("mail", 2525)
    defaults = StackConfig.from_env({})
    assert defaults.home == Path(".t2t").absolute()
    assert (defaults.postgres_dsn, defaults.kafka_bootstrap, defaults.smtp_host) == (None,) * 3
    assert [s.module for s in SERVICES] == [
        "ops",
        "referrals",
        "groups",
        "volunteers",
        "notifications",
        "portal",
    ]


async def test_run_stack_prints_the_addresses_and_stops_cleanly_on_sigterm(
    tmp_path: Path,
    fake_package: Path,
    postgres_dsn: str,
    kafka_bootstrap: str,
    still_alive: StillAlive,
    reap: Callable[[asyncio.subprocess.Process], None],
) -> None:
    home, port = tmp_path / "home", free_port()
    args = {
        "home": str(home),
        "smtp_port": free_port(),
        "postgres_dsn": postgres_dsn,
        "kafka_bootstrap": kafka_bootstrap,
        "port": port,
        "pythonpath": str(fake_package),
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        RUN_STACK,
        json.dumps(args),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        env={**os.environ, "COLUMNS": "200", "PYTHONPATH": str(fake_package)},
    )
    reap(proc)
    assert proc.stdout is not None
    shown: list[str] = []
    while not any(line.startswith("admin") for line in shown):
        line = await asyncio.wait_for(proc.stdout.readline(), 30)
        assert line, "run_stack exited early:\n" + "\n".join(shown)
        shown.append(line.decode().rstrip())
    text = "\n".join(shown)
    assert f"http://127.0.0.1:{port}/docs" in text
    assert "coordinator token-for-coordinator" in text
    assert "local stack ready" in text

    proc.send_signal(signal.SIGTERM)
    await asyncio.wait_for(proc.communicate(), 20)
    assert proc.returncode == 0
    assert still_alive([int((home / "fake.pid").read_text())]) == []


async def test_an_unreachable_outside_database_is_reported_clearly(tmp_path: Path) -> None:
    nowhere = f"postgresql://t2t:secret@127.0.0.1:{free_port()}"
    config = StackConfig(
        home=tmp_path / "home", postgres_dsn=nowhere, services=(with_free_port(FAKE),)
    )
    with pytest.raises(StackError, match=r"cannot create database .* on postgresql://t2t:\*\*\*@"):
        async with start_stack(config, console=quiet()):
            pass


def test_a_failing_token_source_does_not_break_the_panel() -> None:
    def broken(role: str) -> str:
        raise RuntimeError("no secret configured")

    console = quiet()
    console.print(token_lines(["ops"], broken))
    assert "(no token: no secret configured)" in console.file.getvalue()  # type: ignore[attr-defined]


def test_the_panel_shows_the_portal_page_and_no_database_is_made_for_it(tmp_path: Path) -> None:
    portal = next(spec for spec in SERVICES if spec.name == "portal")
    referrals = next(spec for spec in SERVICES if spec.name == "referrals")
    info = StackInfo(tmp_path, "127.0.0.1", "postgresql://t2t@h:1", "h:2", "h", 3, tmp_path)
    info.services = [referrals, portal]
    console = Console(file=io.StringIO(), width=200)
    console.print(stack_panel(info))
    shown = console.file.getvalue()  # type: ignore[attr-defined]
    assert "http://127.0.0.1:8001/docs" in shown
    assert "open http://127.0.0.1:8005" in shown
    assert "source .venv/bin/activate, then t2t demo" in shown
    env = info.service_env(portal)
    assert env["T2T_REFERRALS_URL"] == "http://127.0.0.1:8001"
    assert (portal.has_database, referrals.has_database) == (False, True)

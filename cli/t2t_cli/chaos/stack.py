"""The chaos run's private stack: PostgreSQL, Tansu behind a proxy, the stubs, two replicas each.

Every start registers its stop first, so leaving the ``async with`` (normally, on an
error or on Ctrl-C) stops everything that was started, newest first.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import uuid
from collections.abc import Callable
from contextlib import AsyncExitStack
from pathlib import Path
from types import TracebackType

from t2t_cli.bench.procs import Proc, python_module
from t2t_cli.stack.broker import wait_for_kafka
from t2t_cli.stack.common import free_port
from t2t_cli.stack.jwks import LocalIdentity
from t2t_cli.stack.pgdb import ensure_database
from t2t_cli.stack.postgres import PostgresCluster

from .config import ChaosConfig
from .faults import FaultControl
from .processes import BrokerProcess, ChaosProc, Replica, in_thread, wait_port

HOST = "127.0.0.1"
TOPIC_PREFIX = "t2t."
CALLBACK_TOKEN = "chaos-callback-token"


class ChaosStack:
    def __init__(self, config: ChaosConfig, run_dir: Path) -> None:
        self.config, self.run_dir = config, run_dir
        self.run_dir.mkdir(parents=True, exist_ok=True)
        # Not 0700 under /tmp: as root the postgres user must reach the data directory.
        self.pg_home = Path(tempfile.mkdtemp(prefix="t2t-chaos-pg-"))
        self.pg_home.chmod(0o711)
        self.cluster: PostgresCluster | None = None
        self.proxy_port = free_port()
        self.smtp_port = free_port()
        self.notify_port = free_port()
        self.databases: dict[str, str] = {}
        self.replicas: list[Replica] = []
        self.faults = FaultControl(self.notify_port)
        self._helpers: list[BrokerProcess | ChaosProc] = []
        self._exit = AsyncExitStack()
        self.identity = LocalIdentity(run_dir / "keys")

    @property
    def bootstrap(self) -> str:
        return f"{HOST}:{self.proxy_port}"

    @property
    def postmaster_pid(self) -> int:
        assert self.cluster is not None
        return int((self.cluster.data_dir / "postmaster.pid").read_text().split()[0])

    def other_pids(self) -> list[int]:
        """The broker's and the fault stubs' processes."""
        return [h.pid for h in self._helpers if h.pid is not None]

    def urls(self, service: str) -> list[str]:
        return [r.url for r in self.replicas if r.service == service]

    async def __aenter__(self) -> ChaosStack:
        self._exit.callback(self.identity.start().stop)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await self._exit.aclose()
        finally:
            shutil.rmtree(self.pg_home, ignore_errors=True)

    async def start(self, say: Callable[[str], None] = lambda _: None) -> None:
        say("PostgreSQL")
        cluster = PostgresCluster(self.pg_home / "data", port=free_port(), fsync=False)
        self._exit.push_async_callback(asyncio.to_thread, cluster.stop)
        await in_thread(cluster.start)
        self.cluster = cluster
        say("Tansu behind the proxy, SMTP and Notify stubs")
        broker = BrokerProcess(free_port(), self.proxy_port, self.run_dir / "tansu.log")
        self._exit.push_async_callback(broker.stop)
        broker.start()
        self._helpers.append(broker)
        self._plan_replicas()
        faults = ChaosProc(
            "faults",
            self._faults_argv(broker.inner_port),
            env={},
            log_path=self.run_dir / "faults.log",
        )
        self._exit.push_async_callback(faults.stop)
        await faults.start()
        self._helpers.append(faults)
        for port in (self.proxy_port, self.smtp_port, self.notify_port):
            await wait_port(faults, port, 20.0)
        await wait_for_kafka(self.bootstrap, 30.0)
        for service in self.config.services:
            name = f"t2t_chaos_{service}"
            self.databases[service] = await ensure_database(cluster.dsn, name)
        say("migrations")
        await asyncio.gather(
            *(
                Proc(
                    f"{service} migrate",
                    python_module(service, "migrate"),
                    env=self._env(service),
                    log_path=self.run_dir / f"{service}-migrate.log",
                ).run()
                for service in self.config.services
            )
        )
        say(f"{len(self.replicas)} replicas")
        for replica in self.replicas:
            self._exit.push_async_callback(replica.stop)
            await replica.start()
        await asyncio.gather(*(r.wait_ready() for r in self.replicas))

    def _plan_replicas(self) -> None:
        for service in self.config.services:
            for index in range(self.config.replicas):
                self.replicas.append(
                    Replica(service, index, free_port(), self._env(service), self.run_dir)
                )

    def _faults_argv(self, broker_port: int) -> list[str]:
        argv = python_module("t2t_cli.chaos.faults", "--run-dir", str(self.run_dir))
        argv += ["--proxy-port", str(self.proxy_port), "--broker-port", str(broker_port)]
        argv += ["--smtp-port", str(self.smtp_port), "--notify-port", str(self.notify_port)]
        argv += ["--callback-token", CALLBACK_TOKEN]
        for url in self.urls("notifications"):
            argv += ["--callback-url", url + "/callbacks/notify"]
        return argv

    def _env(self, service: str) -> dict[str, str]:
        assert self.cluster is not None
        database = self.databases.get(service) or f"{self.cluster.dsn}/t2t_chaos_{service}"
        return {
            "T2T_POSTGRES_DSN": self.cluster.dsn,
            f"T2T_DATABASE_URL_{service.upper()}": database,
            "T2T_KAFKA_BOOTSTRAP": self.bootstrap,
            "T2T_TOPIC_PREFIX": TOPIC_PREFIX,
            "T2T_HOME": str(self.run_dir),
            **self.identity.env(),
            "T2T_LOG_JSON": "true",
            "T2T_SMTP_HOST": HOST,
            "T2T_SMTP_PORT": str(self.smtp_port),
            "T2T_SMS_PROVIDER": "notify",
            "T2T_NOTIFY_API_KEY": f"chaos-{uuid.uuid4()}-{uuid.uuid4()}",
            "T2T_NOTIFY_BASE_URL": f"http://{HOST}:{self.notify_port}",
            "T2T_NOTIFY_SMS_TEMPLATE_ID": str(uuid.uuid4()),
            "T2T_NOTIFY_CALLBACK_TOKEN": CALLBACK_TOKEN,
            # Texts must go at whatever hour the run is, not wait for 08:00.
            "T2T_SMS_QUIET_HOURS": "",
            # Days pass in minutes here (the demo plays a year): no cap on sends a day.
            "T2T_SENDS_PER_RECIPIENT_PER_DAY": "0",
            **self.config.notifications_env(),
        }

# Over 200 lines: every process of the stack is started, found and stopped via one exit stack.
"""The bench's private stack: PostgreSQL, Tansu, an SMTP catcher, referrals, notifications
(and, for the scaling phase, a second notifications replica).

`T2T_BENCH_POSTGRES_DSN` / `T2T_BENCH_KAFKA_BOOTSTRAP` replace the local server or broker;
databases and topics are then named after the run, so nothing of anyone else's is touched.
Every start registers its stop first, so leaving the `async with` (normally, on an
exception or on Ctrl-C) stops everything that was started, newest first.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable
from contextlib import AsyncExitStack
from pathlib import Path
from types import TracebackType

from t2t_cli.stack.broker import TansuBroker, wait_for_kafka
from t2t_cli.stack.common import free_port
from t2t_cli.stack.config import sample_register_env
from t2t_cli.stack.jwks import LocalIdentity
from t2t_cli.stack.pgdb import ensure_database, server_dsn
from t2t_cli.stack.postgres import PostgresCluster
from t2t_shared.messaging.kafka import KafkaConnection
from t2t_shared.topics import Topics, ensure_topics, owned_topics

from .procs import Proc, python_module
from .starting import blocking, drop_quietly, wait_port

HOST = "127.0.0.1"
SERVICES = ("referrals", "notifications")
ABSENT_PUBLISHERS = ("groups", "volunteers")
PARTITIONS = 3  # as the services make their topics (PlatformSettings.topic_partitions)


class BenchStack:
    def __init__(self, *, keep_logs: Path | None = None) -> None:
        self.keep_logs = keep_logs  # where the children's logs are copied before cleaning up
        self.run_id = uuid.uuid4().hex[:8]
        # Not 0700 under /tmp: as root the postgres user must reach the data directory.
        self.home = Path(tempfile.mkdtemp(prefix=f"t2t-bench-{self.run_id}-"))
        self.home.chmod(0o711)
        self.topic_prefix = f"t2t-bench-{self.run_id}."
        self.postgres_dsn = ""
        self.kafka_bootstrap = ""
        self.urls: dict[str, str] = {}
        self.databases: dict[str, str] = {}
        # Each service's running processes, its first replica first (the one `urls` names).
        self.procs: dict[str, list[Proc]] = {}
        self.replica_urls: dict[str, list[str]] = {}
        self.env: dict[str, str] = {}
        self._postmaster_pid_file: Path | None = None
        self._broker: TansuBroker | None = None
        self._exit = AsyncExitStack()
        self.identity = LocalIdentity(self.home / "keys")

    async def __aenter__(self) -> BenchStack:
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
            if self.keep_logs is not None:
                self.keep_logs.mkdir(parents=True, exist_ok=True)
                for log in self.home.glob("*.log"):
                    shutil.copyfile(log, self.keep_logs / log.name)
            shutil.rmtree(self.home, ignore_errors=True)

    async def start_infrastructure(self, say: Callable[[str], None] = lambda _: None) -> None:
        """PostgreSQL and the broker: all the raw and relay phases need."""
        if dsn := os.environ.get("T2T_BENCH_POSTGRES_DSN"):
            self.postgres_dsn = server_dsn(dsn)
        else:
            say("starting PostgreSQL")
            cluster = PostgresCluster(self.home / "pg", port=free_port(), fsync=False)
            self._exit.push_async_callback(asyncio.to_thread, cluster.stop)
            await blocking(cluster.start)
            self.postgres_dsn = cluster.dsn
            self._postmaster_pid_file = cluster.data_dir / "postmaster.pid"
        if bootstrap := os.environ.get("T2T_BENCH_KAFKA_BOOTSTRAP"):
            await wait_for_kafka(bootstrap)
            self.kafka_bootstrap = bootstrap
        else:
            say("starting Tansu")
            broker = TansuBroker(free_port(), log_path=self.home / "tansu.log")
            self._exit.push_async_callback(asyncio.to_thread, broker.stop)
            await blocking(broker.start)
            self.kafka_bootstrap = broker.bootstrap
            self._broker = broker

    async def database(self, purpose: str) -> str:
        """A new database for this run (dropped at the end); its DSN."""
        name = f"t2t_bench_{self.run_id}_{purpose}"
        dsn: str = await ensure_database(self.postgres_dsn, name)
        self._exit.push_async_callback(drop_quietly, self.postgres_dsn, name)
        self.databases[purpose] = dsn
        return dsn

    async def start_services(self, say: Callable[[str], None] = lambda _: None) -> None:
        """The SMTP catcher, then both services: migrated, serving and ready."""
        say("starting the SMTP catcher")
        smtp_port = free_port()
        mail = Proc(
            "mail catcher",
            python_module("t2t_cli.bench.mailproc", str(smtp_port), str(self.home / "mail")),
            env={},
            log_path=self.home / "mail.log",
        )
        await self._started(mail)
        await wait_port(mail, smtp_port)
        self.env = env = {
            "T2T_POSTGRES_DSN": self.postgres_dsn,
            "T2T_KAFKA_BOOTSTRAP": self.kafka_bootstrap,
            "T2T_TOPIC_PREFIX": self.topic_prefix,
            "T2T_SMTP_HOST": HOST,
            "T2T_SMTP_PORT": str(smtp_port),
            "T2T_HOME": str(self.home),
            **self.identity.env(),
            "T2T_SMS_SINK_PATH": str(self.home / "sms.jsonl"),
            "T2T_LOG_JSON": "true",
            # Texts must go at whatever hour the bench runs, not wait for 08:00.
            "T2T_SMS_QUIET_HOURS": "",
            # Days pass in minutes here (the demo plays a year): no cap on sends a day.
            "T2T_SENDS_PER_RECIPIENT_PER_DAY": "0",
            # The sample practice register (with receipt mailboxes): the bench's practices.
            **sample_register_env(),
        }
        for name in SERVICES:
            port = free_port()
            self.urls[name] = f"http://{HOST}:{port}"
            env[f"T2T_{name.upper()}_PORT"] = str(port)
            env[f"T2T_DATABASE_URL_{name.upper()}"] = await self.database(name)
        # Every topic one service publishes and another reads, made before any service
        # starts, as in production. Groups and volunteers do not run here at all; and a
        # consumer that subscribes before the publisher has made its topic gets one the
        # broker auto-creates with a single partition: notifications often won that race
        # against referrals, leaving referrals.events and .contacts with one partition.
        await ensure_topics(
            KafkaConnection(self.kafka_bootstrap),
            [
                spec
                for service in (*SERVICES, *ABSENT_PUBLISHERS)
                for spec in owned_topics(
                    Topics(self.topic_prefix),
                    service=service,
                    partitions=PARTITIONS,
                    publishes_contacts=service in ("referrals", "volunteers"),
                )
            ],
        )
        say("migrating " + " and ".join(SERVICES))
        await asyncio.gather(
            *(
                Proc(
                    f"{name} migrate",
                    python_module(name, "migrate"),
                    env=env,
                    log_path=self.home / f"{name}-migrate.log",
                ).run()
                for name in SERVICES
            )
        )
        say("starting " + " and ".join(SERVICES))
        await asyncio.gather(*(self._serve(name, self.urls[name], env) for name in SERVICES))

    async def add_replica(self, service: str) -> str:
        """Another process of ``service`` on its own port, in the same consumer groups; its URL.

        Only `T2T_<SERVICE>_PORT` differs: same databases, topics and group names.
        """
        port = free_port()
        url = f"http://{HOST}:{port}"
        await self._serve(service, url, self.env | {f"T2T_{service.upper()}_PORT": str(port)})
        return url

    async def _serve(self, service: str, url: str, env: dict[str, str]) -> None:
        n = len(self.procs.get(service, []))
        name = service if n == 0 else f"{service}-{n + 1}"
        proc = Proc(name, python_module(service, "serve"), env=env, log_path=self.log_of(name))
        self.procs.setdefault(service, []).append(proc)
        self.replica_urls.setdefault(service, []).append(url)
        await self._started(proc)
        await proc.wait_http(url + "/readyz")

    def pids(self, role: str) -> list[int]:
        """Root processes of a role (a service, "postgres" or "broker"); none if not ours."""
        if role == "postgres":
            with contextlib.suppress(OSError, ValueError, IndexError, AttributeError):
                return [int(self._postmaster_pid_file.read_text().split()[0])]  # type: ignore[union-attr]
            return []
        if role == "broker":
            pid = self._broker.pid if self._broker is not None else None
            return [pid] if pid else []
        return [p.pid for p in self.procs.get(role, []) if p.pid and p.returncode is None]

    def log_of(self, service: str) -> Path:
        return self.home / f"{service}.log"

    async def _started(self, proc: Proc) -> None:
        self._exit.push_async_callback(proc.stop)
        await proc.start()

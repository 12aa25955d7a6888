"""The nemesis: kills replicas (the relay leader too), stops PostgreSQL, cuts the broker,
makes the providers refuse, hang, time out and drop. Every fault is logged with its times.

Two loops run side by side: one kills a replica every ``kill_every_s`` (never two of one
service at once: it waits until the restarted one is ready), the other walks through the
infrastructure and provider faults with a gap between them.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import re
import signal
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import asyncpg
import httpx

from t2t_cli.stack.common import StackError

from .config import ChaosConfig
from .processes import Replica
from .procfs import descendants, owner_of_local_port
from .stack import ChaosStack

# (SMTP mode, Notify mode) pairs, each held for provider_fault_s; the last is the ambiguous one.
PROVIDER_FAULTS = (("refuse", "5xx"), ("hang", "hang"), ("timeout", "429"), ("accept", "403"))
AMBIGUOUS_FAULT = ("drop", "read_timeout")
# The relay's leadership gauge, where the services expose one.
LEADER_METRIC = re.compile(r"^t2t_outbox_relay_leader\{[^}]*\}\s+1(\.0)?\s*$", re.MULTILINE)
# 29746 = 0x7432, the advisory-lock class id the relay's leadership takes.
LEADER_QUERY = """
SELECT a.client_port FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND a.datname = $1 AND a.client_port > 0
ORDER BY l.classid = 29746 DESC, a.state = 'idle' DESC
"""


@dataclass
class Fault:
    kind: str
    target: str
    started_at: float
    ended_at: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def fault_window_s(config: ChaosConfig) -> float:
    """How long the infrastructure loop runs: the workload is paced over it."""
    faults = config.postgres_stop_s + config.broker_cut_s + config.ambiguous_fault_s
    faults += len(PROVIDER_FAULTS) * config.provider_fault_s
    return faults + (len(PROVIDER_FAULTS) + 3) * config.gap_s


class Nemesis:
    def __init__(
        self, stack: ChaosStack, config: ChaosConfig, say: Callable[[str], None] = lambda _: None
    ) -> None:
        self.stack, self.config, self.say = stack, config, say
        self.faults: list[Fault] = []
        self.rng = random.Random(config.seed + 2)  # noqa: S311 - a repeatable simulation
        self._done = asyncio.Event()

    async def run(self) -> list[Fault]:
        if not self.config.nemesis:
            await asyncio.sleep(fault_window_s(self.config))
            return self.faults
        killer = asyncio.create_task(self._kill_loop())
        try:
            await self._infrastructure_loop()
        finally:
            self._done.set()
            await killer
        return self.faults

    def _begin(self, kind: str, target: str) -> Fault:
        fault = Fault(kind, target, time.time())
        self.faults.append(fault)
        self.say(f"{kind} {target}")
        return fault

    async def _infrastructure_loop(self) -> None:
        c = self.config
        await self._gap()
        await self._hold("postgres_stop", "postgresql", c.postgres_stop_s, self._stop_postgres)
        await self._gap()
        await self._hold("broker_cut", "proxy", c.broker_cut_s, self._cut_broker)
        for smtp, notify in PROVIDER_FAULTS:
            await self._gap()
            await self._providers(smtp, notify, c.provider_fault_s)
        await self._gap()
        await self._providers(*AMBIGUOUS_FAULT, c.ambiguous_fault_s)
        await self._gap()

    async def _gap(self) -> None:
        await asyncio.sleep(self.config.gap_s)

    async def _providers(self, smtp: str, notify: str, seconds: float) -> None:
        fault = self._begin("providers", f"smtp={smtp} notify={notify}")
        try:
            await self.stack.faults.set(smtp=smtp, notify=notify)
            await asyncio.sleep(seconds)
        finally:
            await self.stack.faults.set(smtp="accept", notify="ok")
            fault.ended_at = time.time()

    async def _hold(
        self, kind: str, target: str, seconds: float, fault: Callable[[bool], Any]
    ) -> None:
        record = self._begin(kind, target)
        try:
            await fault(True)
            await asyncio.sleep(seconds)
        finally:
            await fault(False)
            record.ended_at = time.time()

    async def _stop_postgres(self, stop: bool) -> None:
        # Every backend too: stopping only the postmaster leaves open connections working.
        root = self.stack.postmaster_pid
        for pid in (root, *descendants(root)):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGSTOP if stop else signal.SIGCONT)

    async def _cut_broker(self, cut: bool) -> None:
        await self.stack.faults.set(broker="cut" if cut else "up")

    async def _kill_loop(self) -> None:
        while not self._done.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._done.wait(), self.config.kill_every_s)
                return
            replica, why = await self._pick_victim()
            fault = self._begin("kill", f"{replica.name} ({why})")
            await replica.kill()
            await asyncio.sleep(self.config.restart_after_s)
            await self._restart(replica)
            fault.ended_at = time.time()

    async def _restart(self, replica: Replica) -> None:
        for _ in range(5):
            await replica.restart()
            try:
                await replica.wait_ready(180.0)
                return
            except StackError as exc:
                self.say(f"{replica.name} did not come back ({str(exc)[:120]}); again")

    async def _pick_victim(self) -> tuple[Replica, str]:
        service = self.rng.choice(self.config.services)
        if self.rng.random() < 0.4 and (leader := await self._relay_leader(service)):
            return leader, "relay leader"
        replicas = [r for r in self.stack.replicas if r.service == service]
        return self.rng.choice(replicas), "random"

    async def _relay_leader(self, service: str) -> Replica | None:
        """The replica whose relay leads: by its leadership gauge, else by its lock."""
        replicas = [r for r in self.stack.replicas if r.service == service and r.alive]
        async with httpx.AsyncClient(timeout=3.0) as client:
            for replica in replicas:
                try:
                    metrics = (await client.get(replica.url + "/metrics")).text
                except httpx.HTTPError:
                    continue
                if LEADER_METRIC.search(metrics):
                    return replica
        return await self._advisory_lock_holder(service)

    async def _advisory_lock_holder(self, service: str) -> Replica | None:
        """The replica holding an advisory lock in the service's database: the relay's lock
        class first, then idle holders (a session lock), as a busy one may hold a
        transaction's lock for other work."""
        assert self.stack.cluster is not None
        try:
            conn = await asyncio.wait_for(asyncpg.connect(self.stack.cluster.dsn + "/postgres"), 3)
        except (OSError, TimeoutError, asyncpg.PostgresError):
            return None
        try:
            rows = await asyncio.wait_for(conn.fetch(LEADER_QUERY, f"t2t_chaos_{service}"), 3)
        except (OSError, TimeoutError, asyncpg.PostgresError):
            return None
        finally:
            with contextlib.suppress(Exception):
                await conn.close()
        replicas = [r for r in self.stack.replicas if r.service == service and r.proc]
        pids = [r.proc.pid for r in replicas if r.proc and r.proc.pid]
        for row in rows:
            if (owner := owner_of_local_port(row["client_port"], pids)) is not None:
                return next(r for r in replicas if r.proc and r.proc.pid == owner)
        return None

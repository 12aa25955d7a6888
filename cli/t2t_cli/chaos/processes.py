"""The processes of a chaos run: service replicas that can be killed and restarted, Tansu."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from t2t_cli.bench.procs import Proc, python_module
from t2t_cli.stack.broker import resolve_tansu
from t2t_cli.stack.common import StackError, port_accepts

T = TypeVar("T")


class ChaosProc(Proc):
    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    async def kill(self) -> None:
        """SIGKILL the whole group at once: no shutdown hook runs, as in a crash."""
        if (pid := self.pid) is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)
        if self._proc is not None:
            await self._proc.wait()


@dataclass
class Replica:
    service: str
    index: int
    port: int
    env: dict[str, str]
    log_dir: Path
    proc: ChaosProc | None = field(default=None, init=False)
    restarts: int = field(default=0, init=False)

    @property
    def name(self) -> str:
        return f"{self.service}-{self.index}"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.returncode is None

    async def start(self) -> None:
        env = {**self.env, f"T2T_{self.service.upper()}_PORT": str(self.port)}
        self.proc = ChaosProc(
            self.name,
            python_module(self.service, "serve"),
            env=env,
            log_path=self.log_dir / f"{self.name}.log",
        )
        await self.proc.start()

    async def wait_ready(self, within: float = 120.0) -> None:
        assert self.proc is not None
        await self.proc.wait_http(self.url + "/readyz", within)

    async def kill(self) -> None:
        if self.proc is not None:
            await self.proc.kill()

    async def restart(self) -> None:
        await self.kill()
        self.restarts += 1
        await self.start()

    async def stop(self) -> None:
        if self.proc is not None:
            await self.proc.stop()


class BrokerProcess:
    """Tansu listening on ``inner_port`` while telling clients to come in through the proxy."""

    def __init__(self, inner_port: int, advertised_port: int, log_path: Path) -> None:
        self.inner_port, self.advertised_port, self.log_path = inner_port, advertised_port, log_path
        self._proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        listen = f"tcp://127.0.0.1:{self.inner_port}"
        advertised = f"tcp://127.0.0.1:{self.advertised_port}"
        with self.log_path.open("ab") as log:
            self._proc = subprocess.Popen(  # noqa: S603 - our resolved binary, fixed flags
                [
                    *(resolve_tansu(), "broker", "--listener-url", listen),
                    *("--advertised-listener-url", advertised),
                    *("--storage-engine", "memory://tansu/"),
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    async def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            await asyncio.to_thread(proc.wait, 5)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            await asyncio.to_thread(proc.wait)


async def wait_port(proc: Proc, port: int, within: float) -> None:
    """Until something listens on ``port``; StackError if ``proc`` dies or time runs out."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not port_accepts("127.0.0.1", port):
        if proc.returncode is not None or loop.time() > deadline:
            raise StackError(f"{proc.name} is not listening on {port}:\n{proc.last_output()}")
        await asyncio.sleep(0.05)


async def in_thread(fn: Callable[[], T]) -> T:
    """Run a blocking start in a thread; if cancelled, let it finish so its stop finds it."""
    future = asyncio.ensure_future(asyncio.to_thread(fn))
    try:
        return await asyncio.shield(future)
    except asyncio.CancelledError:
        with contextlib.suppress(Exception):
            await future
        raise

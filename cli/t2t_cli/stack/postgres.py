"""A private PostgreSQL cluster in a directory: initdb once, start, stop, keep the data."""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path
from types import TracebackType

from .common import StackError, ensure_port_free, run_sync, tail
from .pgdb import ensure_database
from .pgtools import (
    LOOPBACK,
    find_bindir,
    give_to_postgres,
    hba_conf,
    is_postmaster,
    pg_prefix,
    postgres_can_write,
    read_pid,
    server_conf,
)

log = logging.getLogger(__name__)


class PostgresCluster:
    """One PostgreSQL server owning ``data_dir``; superuser ``t2t``, trust on loopback only.

    As root the binaries run as the ``postgres`` user (initdb refuses root), and the data
    directory is handed to that user. ``fsync=False`` trades crash safety for speed:
    fine for dev and tests, where losing data on a power cut costs nothing.
    """

    def __init__(
        self,
        data_dir: Path,
        port: int = 55432,
        host: str = "127.0.0.1",
        *,
        fsync: bool = True,
        superuser: str = "t2t",
        bindir: Path | None = None,
    ) -> None:
        if host not in LOOPBACK:
            raise ValueError(f"host must be a loopback address ({', '.join(LOOPBACK)})")
        self.data_dir = Path(data_dir).absolute()
        self.port, self.host, self.fsync, self.superuser = port, host, fsync, superuser
        self._bindir = bindir
        self.log_file = self.data_dir / "postgres.log"
        self.socket_dir = self.data_dir / "sockets"

    @property
    def dsn(self) -> str:
        """Server DSN without a database, e.g. ``postgresql://t2t@127.0.0.1:55432``."""
        return f"postgresql://{self.superuser}@{self.host}:{self.port}"

    @property
    def bindir(self) -> Path:
        if self._bindir is None:
            self._bindir = find_bindir()
        return self._bindir

    @property
    def initialised(self) -> bool:
        return (self.data_dir / "PG_VERSION").is_file()

    @property
    def running(self) -> bool:
        if not self.initialised:
            return False
        return self._pg("pg_ctl", "-D", str(self.data_dir), "status").returncode == 0

    @property
    def alive(self) -> bool:
        """Like ``running`` without spawning pg_ctl: cheap enough to poll."""
        pid_file = self.data_dir / "postmaster.pid"
        return pid_file.exists() and is_postmaster(read_pid(pid_file), self.data_dir)

    def start(self) -> None:
        """Initialise if needed, clear leftovers of a killed run, start and wait until ready."""
        self.bindir  # noqa: B018 - fail on missing binaries before touching the disk
        self._prepare_dir()
        self._clear_leftovers()  # first: our own orphaned server may be what holds the port
        ensure_port_free(
            self.host,
            self.port,
            "PostgreSQL",
            "Stop the server using it, choose another port, or set T2T_POSTGRES_DSN to use it.",
        )
        if not self.initialised:
            self._initdb()
        self.socket_dir.mkdir(exist_ok=True)
        give_to_postgres(self.socket_dir)
        self._write_owned(
            "t2t.conf", server_conf(self.port, self.host, self.socket_dir, self.fsync)
        )
        # pg_ctl -w returns once the postmaster reports that it accepts connections.
        out = self._pg(
            "pg_ctl", "-D", str(self.data_dir), "-l", str(self.log_file), "-w", "-t", "60", "start"
        )
        if out.returncode != 0:
            logged = self.log_file.read_text(errors="replace") if self.log_file.exists() else ""
            raise StackError(
                f"PostgreSQL did not start (pg_ctl exit {out.returncode}):\n"
                f"{tail(out.stdout + out.stderr + logged)}"
            )

    def stop(self) -> None:
        """Fast shutdown: roll back open transactions, disconnect clients, checkpoint."""
        if not self.running:
            return
        stop = ["pg_ctl", "-D", str(self.data_dir), "-w", "-t", "30", "stop"]
        if self._pg(*stop, "-m", "fast").returncode != 0:
            log.warning("PostgreSQL did not stop in 30 s; stopping it immediately")
            self._pg(*stop, "-m", "immediate")

    def ensure_database(self, name: str) -> str:
        """Create database ``name`` if missing; return its DSN."""
        return run_sync(ensure_database(self.dsn, name))

    def __enter__(self) -> PostgresCluster:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _pg(self, tool: str, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - fixed tool names from our bindir
            [*pg_prefix(), str(self.bindir / tool), *args],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            cwd=self.data_dir,
            check=False,
        )

    def _prepare_dir(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        give_to_postgres(self.data_dir)
        self.data_dir.chmod(0o700)  # the server refuses a data directory others can read
        if not postgres_can_write(self.data_dir):
            raise StackError(
                f"the postgres user cannot reach {self.data_dir}: a parent directory is not "
                "searchable by others (e.g. /root is 0700). Set T2T_HOME to a directory the "
                "postgres user can reach, or set T2T_POSTGRES_DSN"
            )

    def _initdb(self) -> None:
        out = self._pg(
            "initdb",
            *("-D", str(self.data_dir), "-U", self.superuser, "--auth=trust"),
            *("--encoding=UTF8", "--no-locale", "--no-instructions"),
            *([] if self.fsync else ["--no-sync"]),
        )
        if out.returncode != 0:
            raise StackError(f"initdb failed for {self.data_dir}:\n{tail(out.stdout + out.stderr)}")
        self._write_owned("pg_hba.conf", hba_conf(self.host))
        with (self.data_dir / "postgresql.conf").open("a") as conf:
            conf.write("\ninclude_if_exists = 't2t.conf'\n")
        log.info("initialised a PostgreSQL cluster in %s", self.data_dir)

    def _write_owned(self, name: str, text: str) -> None:
        path = self.data_dir / name
        path.write_text(text)
        give_to_postgres(path)

    def _clear_leftovers(self) -> None:
        pid_file = self.data_dir / "postmaster.pid"
        if not pid_file.exists():
            return
        pid = read_pid(pid_file)
        if is_postmaster(pid, self.data_dir):
            log.warning("PostgreSQL from an earlier run still runs (pid %d); restarting it", pid)
            self.stop()
            return
        # A killed run leaves its pid file; the pid may now belong to another process, and
        # the server would then refuse to start, so remove it and the socket lock files.
        log.warning("removing stale %s (pid %d is not a running PostgreSQL)", pid_file, pid)
        pid_file.unlink()
        for lock in self.socket_dir.glob(".s.PGSQL.*"):
            lock.unlink(missing_ok=True)

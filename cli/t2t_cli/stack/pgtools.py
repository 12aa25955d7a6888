"""PostgreSQL plumbing: binaries, running as the postgres user, config files, pid files."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from pathlib import Path

from .common import StackError, is_root

_MISSING = (
    "PostgreSQL binaries not found (tried `pg_config --bindir`, /usr/lib/postgresql/*/bin "
    "and initdb on PATH): install PostgreSQL 13 or later (Debian 12: apt-get install "
    "postgresql-15, the version tested), or set T2T_POSTGRES_DSN to use a server you "
    "already run"
)
LOOPBACK = {
    "127.0.0.1": ["127.0.0.1/32"],
    "::1": ["::1/128"],
    "localhost": ["127.0.0.1/32", "::1/128"],
}
_SOCKET_PATH_MAX = 100  # sun_path is 108 bytes on Linux, 104 on macOS


def find_bindir() -> Path:
    """Where initdb, pg_ctl and postgres live: pg_config, then the newest Debian install."""
    candidates: list[Path] = []
    if pg_config := shutil.which("pg_config"):
        out = subprocess.run(  # noqa: S603 - the pg_config found on PATH
            [pg_config, "--bindir"], capture_output=True, text=True, check=False
        )
        if out.returncode == 0:
            candidates.append(Path(out.stdout.strip()))
    debian = glob.glob("/usr/lib/postgresql/*/bin")
    candidates += sorted(
        (Path(p) for p in debian), key=lambda p: _major(p.parent.name), reverse=True
    )
    if initdb := shutil.which("initdb"):
        candidates.append(Path(initdb).resolve().parent)
    for bindir in candidates:
        if all((bindir / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            return bindir
    raise StackError(_MISSING)


def _major(name: str) -> int:
    return int(name) if name.isdigit() else -1


def pg_prefix() -> list[str]:
    """initdb and postgres refuse to run as root: run them as the postgres user instead."""
    return ["runuser", "-u", "postgres", "--"] if is_root() else []


def give_to_postgres(path: Path) -> None:
    """As root, hand ``path`` to the postgres user; as anyone else, leave it alone."""
    if not is_root():
        return
    try:
        shutil.chown(path, "postgres", "postgres")
    except LookupError as exc:
        raise StackError(
            "running as root needs a 'postgres' user to own the cluster: install "
            "postgresql-15 (it creates the user) or run as a normal user"
        ) from exc


def postgres_can_write(path: Path) -> bool:
    if not is_root():
        return os.access(path, os.W_OK | os.X_OK)
    argv = [*pg_prefix(), "test", "-w", str(path)]
    return subprocess.run(argv, cwd="/", check=False).returncode == 0  # noqa: S603


def hba_conf(host: str) -> str:
    # Trust authentication is only acceptable because the server listens on loopback alone.
    if host not in LOOPBACK:
        raise ValueError(f"host must be a loopback address ({', '.join(LOOPBACK)})")
    lines = [
        "# written by t2t: trust, on loopback and the private socket only",
        "local all all trust",
        *(f"host all all {net} trust" for net in LOOPBACK[host]),
    ]
    return "\n".join(lines) + "\n"


def server_conf(port: int, host: str, socket_dir: Path, fsync: bool) -> str:
    """Settings that may change between starts, kept in an included ``t2t.conf``."""
    # A socket path too long to bind would stop the server: fall back to TCP only then.
    too_long = len(f"{socket_dir}/.s.PGSQL.{port}") > _SOCKET_PATH_MAX
    sockets = "" if too_long else str(socket_dir).replace("'", "''")
    durable = "on" if fsync else "off"
    settings = {
        "port": str(port),
        "listen_addresses": f"'{host}'",
        "unix_socket_directories": f"'{sockets}'",
        # fsync off loses data only when the OS crashes. synchronous_commit stays on: with
        # it off, commits acknowledged just before the server is killed would vanish.
        "fsync": durable,
        "full_page_writes": durable,
        "max_connections": "200",
    }
    return "".join(f"{key} = {value}\n" for key, value in settings.items())


def read_pid(pid_file: Path) -> int:
    first = (pid_file.read_text(errors="replace").splitlines() or [""])[0].strip()
    return int(first) if first.isdigit() else 0


def is_postmaster(pid: int, data_dir: Path) -> bool:
    """Is ``pid`` a live, non-zombie postgres whose data directory is ``data_dir``?"""
    if pid <= 0:
        return False
    proc = Path(f"/proc/{pid}")
    if not proc.exists():
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True  # no /proc (macOS): trust the live pid
    try:
        status = (proc / "status").read_text()
        cmdline = (proc / "cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    if "\nState:\tZ" in status:
        return False
    words = [w.decode(errors="replace") for w in cmdline]
    is_postgres = bool(words) and Path(words[0]).name in ("postgres", "postmaster")
    return is_postgres and str(data_dir) in words

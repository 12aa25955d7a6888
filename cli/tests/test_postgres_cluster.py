"""The private PostgreSQL cluster: first start, restart, leftovers of a killed run, errors."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

from t2t_cli.stack import pgtools
from t2t_cli.stack.common import PortInUseError, StackError, free_port
from t2t_cli.stack.pgdb import database_dsn, redact_dsn, server_dsn
from t2t_cli.stack.postgres import PostgresCluster


@pytest.fixture
def cluster(reachable_dir: Path) -> Iterator[PostgresCluster]:
    pg = PostgresCluster(reachable_dir / "pg", port=free_port(), fsync=False)
    try:
        yield pg
    finally:
        pg.stop()


def sql(dsn: str, query: str) -> object:
    """Run a statement (or several, with no result) or a one-value query."""

    async def run() -> object:
        conn = await asyncpg.connect(dsn)
        try:
            if query.startswith(("SELECT", "SHOW")):
                return await conn.fetchval(query)
            return await conn.execute(query)
        finally:
            await conn.close()

    return asyncio.run(run())


def test_restart_keeps_the_data(cluster: PostgresCluster) -> None:
    cluster.start()
    assert cluster.running
    db = cluster.ensure_database("t2t_keep")
    assert cluster.ensure_database("t2t_keep") == db  # a second call is a no-op
    sql(db, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')")
    cluster.stop()
    assert not cluster.running

    cluster.start()
    assert sql(db, "SELECT v FROM kept") == "still here"
    assert sql(db, "SHOW fsync") == "off"


def test_a_killed_run_leaves_nothing_that_blocks_the_next_start(
    cluster: PostgresCluster,
) -> None:
    cluster.start()
    db = cluster.ensure_database("t2t_crash")
    sql(db, "CREATE TABLE survived (v int); INSERT INTO survived VALUES (7)")
    pid_file = cluster.data_dir / "postmaster.pid"
    os.kill(pgtools.read_pid(pid_file), signal.SIGKILL)
    deadline = time.monotonic() + 10
    while cluster.alive and time.monotonic() < deadline:
        time.sleep(0.05)
    # The pid file stays behind; make its pid belong to a live process that is not
    # PostgreSQL (pid reuse), the case the server itself would refuse to start over.
    lines = pid_file.read_text().splitlines()
    pid_file.write_text("\n".join([str(os.getpid()), *lines[1:]]) + "\n")
    time.sleep(0.2)  # the killed server's children notice their parent is gone and exit

    cluster.start()
    assert sql(db, "SELECT v FROM survived") == 7


def test_a_server_left_running_by_a_killed_run_is_taken_over(cluster: PostgresCluster) -> None:
    cluster.start()
    orphan = pgtools.read_pid(cluster.data_dir / "postmaster.pid")
    # A new `t2t up` knows nothing of the old process: only the data directory.
    again = PostgresCluster(cluster.data_dir, port=cluster.port, fsync=False)
    again.start()
    assert pgtools.read_pid(cluster.data_dir / "postmaster.pid") != orphan
    assert sql(again.ensure_database("t2t_again"), "SELECT 1") == 1


def test_a_taken_port_is_named_in_the_error(reachable_dir: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        pg = PostgresCluster(reachable_dir / "pg", port=port)
        with pytest.raises(PortInUseError, match=f"port {port} is in use"):
            pg.start()


def test_missing_binaries_say_what_to_install(
    reachable_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(reachable_dir))
    monkeypatch.setattr(pgtools.glob, "glob", lambda pattern: [])
    with pytest.raises(StackError, match="install postgresql-15"):
        PostgresCluster(reachable_dir / "pg").start()


def test_only_loopback_is_trusted(reachable_dir: Path) -> None:
    with pytest.raises(ValueError, match="loopback"):
        PostgresCluster(reachable_dir / "pg", host="0.0.0.0")


def test_dsn_helpers() -> None:
    url = "postgresql+psycopg2://test:secret@localhost:5432/test"
    assert server_dsn(url) == "postgresql://test:secret@localhost:5432"
    assert database_dsn(url, "t2t_groups") == "postgresql://test:secret@localhost:5432/t2t_groups"
    assert redact_dsn(server_dsn(url)) == "postgresql://test:***@localhost:5432"
    assert redact_dsn("postgresql://t2t@127.0.0.1:55432") == "postgresql://t2t@127.0.0.1:55432"
    with pytest.raises(ValueError, match="not a PostgreSQL URL"):
        server_dsn("mysql://x@y/z")


def test_fixtures_give_a_server_and_fresh_databases(postgres_dsn, fresh_database) -> None:  # type: ignore[no-untyped-def]
    first, second = fresh_database("cli"), fresh_database("cli")
    assert first != second
    assert first.startswith(postgres_dsn + "/t2t_cli_")
    assert sql(first, "SELECT current_database()") == first.rsplit("/", 1)[1]

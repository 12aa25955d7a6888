"""Session fixtures for PostgreSQL, Kafka and SMTP, wherever the tests run.

Each fixture takes, in order: a URL from the environment (``T2T_TEST_POSTGRES_DSN``,
``T2T_TEST_KAFKA_BOOTSTRAP``), a testcontainers container when a Docker engine answers,
or the embedded stack (a private PostgreSQL cluster, Tansu) on a free port.
Register with ``pytest_plugins = ["t2t_cli.pytest_plugin"]`` in the root conftest.

The run is hermetic: at session start every ``T2T_*`` variable is cleared except the explicit
overrides for outside infrastructure and test knobs (``T2T_TEST_*``, ``T2T_BENCH_*``,
``T2T_FUZZ_*``), then the plugin sets its own (the session's signing key and JWKS URL). A
shell that ran ``t2t up`` or holds production settings cannot change what the tests see.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Literal, Protocol

import pytest

from .stack.broker import TansuBroker
from .stack.common import PortInUseError, free_port, run_sync
from .stack.jwks import LocalIdentity
from .stack.mail import MailCatcher
from .stack.pgdb import copy_database, drop_database, ensure_database, server_dsn
from .stack.postgres import PostgresCluster

log = logging.getLogger(__name__)
Backend = Literal["env", "docker", "local"]


class DatabaseFactory(Protocol):
    def __call__(self, prefix: str = "test", template: str | None = None) -> str: ...


_identity: list[LocalIdentity] = []

# Overrides a run may bring from outside: URLs of external infrastructure and test knobs.
KEPT_PREFIXES = ("T2T_TEST_", "T2T_BENCH_", "T2T_FUZZ_")


def clear_t2t_environment(environ: MutableMapping[str, str]) -> list[str]:
    """Remove every ``T2T_*`` variable but the kept overrides; return the names removed."""
    removed = sorted(
        name for name in environ if name.startswith("T2T_") and not name.startswith(KEPT_PREFIXES)
    )
    for name in removed:
        del environ[name]
    return removed


def pytest_configure(config: pytest.Config) -> None:
    """A signing key pair for this session and a JWKS server for it, before any settings load.

    Every settings object the tests build then trusts the session's key (T2T_JWKS_URL), and the
    token helpers sign with it (T2T_SIGNING_KEY_FILE): no key is shared between runs.
    """
    if _identity:
        return
    removed = clear_t2t_environment(os.environ)
    if removed:
        log.info("cleared from the environment for a hermetic run: %s", ", ".join(removed))
    identity = LocalIdentity(Path(tempfile.mkdtemp(prefix="t2t-test-keys-"))).start()
    _identity.append(identity)
    os.environ.update(identity.env())


def pytest_unconfigure(config: pytest.Config) -> None:
    while _identity:
        identity = _identity.pop()
        identity.stop()
        shutil.rmtree(identity.key_file.parent, ignore_errors=True)


@functools.cache
def docker_engine_available() -> bool:
    """Does a Docker engine answer? Without one this fails in milliseconds, never hangs."""
    try:
        import docker

        client = docker.from_env(timeout=3)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:  # no package, no socket, no permission, bad DOCKER_HOST: all mean "no"
        return False


def choose_backend(env_value: str | None, docker_ok: bool) -> Backend:
    if env_value:
        return "env"
    return "docker" if docker_ok else "local"


def _backend(env_var: str) -> Backend:
    value = os.environ.get(env_var)
    return choose_backend(value, docker_engine_available() if not value else False)


@pytest.fixture(scope="session")
def postgres_dsn() -> Iterator[str]:
    """Server DSN without a database, e.g. ``postgresql://t2t@127.0.0.1:41234``."""
    backend = _backend("T2T_TEST_POSTGRES_DSN")
    if backend == "env":
        yield server_dsn(os.environ["T2T_TEST_POSTGRES_DSN"])
    elif backend == "docker":
        from testcontainers.community.postgres import PostgresContainer

        with PostgresContainer("postgres:16", driver=None) as container:
            yield server_dsn(container.get_connection_url())
    else:
        yield from _private_cluster()


def _private_cluster() -> Iterator[str]:
    # Not under pytest's basetemp: that is 0700 and the postgres user (used when we
    # are root) could not reach a data directory inside it.
    root = Path(tempfile.mkdtemp(prefix="t2t-test-pg-"))
    root.chmod(0o711)
    cluster = PostgresCluster(root / "data", port=free_port(), fsync=False)
    try:
        cluster.start()
        yield cluster.dsn
    finally:
        cluster.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def kafka_bootstrap() -> Iterator[str]:
    """``host:port`` of a Kafka-compatible broker."""
    backend = _backend("T2T_TEST_KAFKA_BOOTSTRAP")
    if backend == "env":
        yield os.environ["T2T_TEST_KAFKA_BOOTSTRAP"]
    elif backend == "docker":
        from testcontainers.community.kafka import KafkaContainer

        with KafkaContainer().with_kraft() as container:
            yield container.get_bootstrap_server()
    else:
        broker = TansuBroker(port=free_port())
        broker.start()
        try:
            yield broker.bootstrap
        finally:
            broker.stop()


@pytest.fixture(scope="session")
def smtp_catcher(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MailCatcher]:
    """An SMTP catcher on a free port: ``.host``, ``.port``, ``.maildir``, ``.messages()``.

    Shared by the session: call ``.clear()`` before sending what a test then checks.
    """
    maildir = tmp_path_factory.mktemp("mail") / "maildir"
    for attempt in range(3):
        catcher = MailCatcher(maildir, port=free_port())
        try:
            catcher.start()
            break
        except PortInUseError:  # someone took the free port in between: pick again
            if attempt == 2:
                raise
    try:
        yield catcher
    finally:
        catcher.stop()


@pytest.fixture(scope="session")
def fresh_database(postgres_dsn: str) -> Iterator[DatabaseFactory]:
    """Factory: ``fresh_database("referrals")`` creates a new, uniquely named database.

    With ``template=`` (the name of a database nobody is connected to) the new one is a copy
    of it: a file copy on the server, far cheaper than running a service's migrations again.
    """
    created: list[str] = []

    def make(prefix: str = "test", template: str | None = None) -> str:
        slug = re.sub(r"[^a-z0-9_]", "_", prefix.lower())[:40]
        name = f"t2t_{slug}_{uuid.uuid4().hex[:8]}"
        created.append(name)
        if template is None:
            return run_sync(ensure_database(postgres_dsn, name))
        return run_sync(copy_database(postgres_dsn, name, template))

    yield make
    for name in created:
        with contextlib.suppress(Exception):  # a server already gone takes them along
            run_sync(drop_database(postgres_dsn, name))

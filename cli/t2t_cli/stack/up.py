"""`t2t up`: PostgreSQL, Tansu, the mail catcher and every service, in the foreground."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from collections.abc import AsyncIterator, Callable, Sequence
from typing import TypeVar

import asyncpg
from rich.console import Console

from t2t_shared.auth import ensure_dev_key_pair

from .broker import TansuBroker, wait_for_kafka
from .common import StackError, ensure_port_free, tail
from .config import ROLES, StackConfig
from .mail import MailCatcher
from .panel import StackInfo, stack_panel, step, token_lines
from .pgdb import ensure_database, redact_dsn, server_dsn
from .postgres import PostgresCluster
from .supervisor import Supervisor

log = logging.getLogger(__name__)
T = TypeVar("T")


def _no_token(role: str) -> str:
    return "(no token)"


def run_stack(
    config: StackConfig | None = None,
    *,
    token_for: Callable[[str], str] = _no_token,
    roles: Sequence[str] = ROLES,
    console: Console | None = None,
) -> int:
    """Start everything, print the addresses, run until Ctrl-C or a failure; the exit code."""
    return asyncio.run(_run(config or StackConfig.from_env(), token_for, roles, console))


async def _run(
    config: StackConfig,
    token_for: Callable[[str], str],
    roles: Sequence[str],
    console: Console | None,
) -> int:
    out = console or Console()
    try:
        async with start_stack(config, console=out, handle_signals=True) as (supervisor, info):
            out.print(stack_panel(info))
            out.print(token_lines(roles, token_for), soft_wrap=True)
            reason = await supervisor.run()
            out.print(f"[bold red]{reason}: stopping everything[/]", soft_wrap=True)
            return 1
    except asyncio.CancelledError:
        return 0  # Ctrl-C or SIGTERM: the supervisor has stopped everything
    except StackError as exc:
        out.print(f"[bold red]t2t up failed:[/] {exc}", soft_wrap=True)
        return 1


@contextlib.asynccontextmanager
async def start_stack(
    config: StackConfig, *, console: Console | None = None, handle_signals: bool = False
) -> AsyncIterator[tuple[Supervisor, StackInfo]]:
    """Start the stack and yield once every service is ready; leaving stops all of it."""
    out = console or Console()
    async with Supervisor(out, grace=config.grace) as supervisor:
        if handle_signals:
            supervisor.handle_signals()
        info = await _start_infrastructure(config, supervisor, out)
        await _start_services(config, supervisor, info, out)
        yield supervisor, info


async def _start_infrastructure(
    config: StackConfig, supervisor: Supervisor, out: Console
) -> StackInfo:
    home = config.home
    home.mkdir(parents=True, exist_ok=True)
    if config.postgres_dsn:
        try:
            dsn = server_dsn(config.postgres_dsn)
        except ValueError as exc:
            raise StackError(f"T2T_POSTGRES_DSN: {exc}") from exc
    else:
        cluster = PostgresCluster(
            home / "pg", port=config.postgres_port, host=config.host, fsync=config.fsync
        )
        supervisor.adopt("PostgreSQL", cluster.stop, lambda: cluster.alive)
        with step(out, f"PostgreSQL on {config.host}:{config.postgres_port}"):
            await _blocking(cluster.start)
        dsn = cluster.dsn
    await _create_databases(dsn, [s.database for s in config.services if s.has_database])

    bootstrap = config.kafka_bootstrap
    if bootstrap:
        await wait_for_kafka(bootstrap)
    else:
        broker = TansuBroker(config.kafka_port, config.host, log_path=home / "tansu.log")
        supervisor.adopt("Tansu", broker.stop, lambda: broker.running)
        with step(out, f"Tansu on {config.host}:{config.kafka_port}"):
            await _blocking(broker.start)
        bootstrap = broker.bootstrap

    maildir = None
    smtp_host = config.smtp_host
    if not smtp_host:
        maildir = home / "mail"
        catcher = MailCatcher(maildir, port=config.smtp_port, host=config.host)
        supervisor.adopt("mail catcher", catcher.stop)
        with step(out, f"mail catcher on {config.host}:{config.smtp_port}"):
            await _blocking(catcher.start)
        smtp_host = config.host
    return StackInfo(
        home=home,
        host=config.host,
        postgres_dsn=dsn,
        kafka_bootstrap=bootstrap,
        smtp_host=smtp_host,
        smtp_port=config.smtp_port,
        sms_sink=home / "sms.jsonl",
        maildir=maildir,
        local_broker=not config.kafka_bootstrap,
        signing_key_file=config.signing_key_file,
    )


async def _create_databases(dsn: str, names: list[str]) -> None:
    for name in names:
        try:
            await ensure_database(dsn, name)
        except (OSError, asyncpg.PostgresError) as exc:
            where = redact_dsn(dsn)
            raise StackError(f"cannot create database {name} on {where}: {exc}") from exc


async def _start_services(
    config: StackConfig, supervisor: Supervisor, info: StackInfo, out: Console
) -> None:
    for spec in config.services:
        (info.services if spec.runnable() else info.skipped).append(spec)
    for spec in info.skipped:
        out.print(f"[dim]{spec.name}: {spec.module} has no __main__ yet, not started[/]")
    if not info.services:
        return
    for spec in info.services:
        ensure_port_free(info.host, spec.port, spec.name, f"Set {spec.port_var} to another port.")
    if info.signing_key_file is None:
        # Made once and kept: tokens printed by an earlier `t2t up` or `t2t token` stay valid.
        ensure_dev_key_pair(info.home / "keys")
    env = {spec.name: {**config.extra_env, **info.service_env(spec)} for spec in info.services}
    with step(out, "migrations of " + ", ".join(spec.name for spec in info.services)):
        results = await asyncio.gather(
            *(
                supervisor.run_once(
                    f"{spec.name} migrate",
                    [sys.executable, "-m", spec.module, "migrate"],
                    env=env[spec.name],
                )
                for spec in info.services
            )
        )
    for spec, (code, output) in zip(info.services, results, strict=True):
        if code != 0:
            raise StackError(f"{spec.name} migrate exited with code {code}:\n{tail(output, 30)}")
    for spec in info.services:
        await supervisor.start(
            spec.name,
            [sys.executable, "-m", spec.module, "serve"],
            env=env[spec.name],
            ready_url=info.url(spec, "/readyz"),
        )
    with step(out, "services"):
        took = await supervisor.wait_ready(config.ready_within)
    out.print("  " + ", ".join(f"{name} {seconds:.1f}s" for name, seconds in took.items()))


async def _blocking(fn: Callable[[], T]) -> T:
    """Run a blocking start in a thread; if we are cancelled, let it finish first.

    Otherwise a Ctrl-C during start-up would leave the thread starting a server that
    nobody stops, since the stop runs before the start has finished.
    """
    future = asyncio.ensure_future(asyncio.to_thread(fn))
    try:
        return await asyncio.shield(future)
    except asyncio.CancelledError:
        with contextlib.suppress(Exception):
            await future
        raise

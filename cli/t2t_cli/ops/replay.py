"""`t2t replay`: republish a service's outbox history, e.g. into a broker that restarted empty.

Every outbox row is kept after publishing (with `published_at`), so the service's own
database holds its whole event history. Rows go to the partition the relay chose
(`key_hash` mod the partition count), in id order, so each aggregate's events stay in
order; consumers skip what they already handled (their inbox), so a replay is safe.
"""

from __future__ import annotations

import asyncio
import os
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy.engine import make_url

from ops.domain.since import InvalidSince, parse_since
from t2t_cli.choices import PublishingService
from t2t_cli.ops import render
from t2t_cli.ops.unreachable import UNREACHABLE
from t2t_shared.settings import PlatformSettings


def replay(
    service: Annotated[PublishingService, typer.Option(help="Whose outbox to republish")],
    since: Annotated[
        str | None, typer.Option(help="Only rows written since: 30d, 12h or an ISO date")
    ] = None,
    database_url: Annotated[
        str | None,
        typer.Option(
            help="The service's database (default: T2T_DATABASE_URL_<SERVICE> or "
            "T2T_POSTGRES_DSN/t2t_<service>)"
        ),
    ] = None,
) -> None:
    """Republish a service's published events from its outbox table to the broker."""
    try:
        since_at = parse_since(since, datetime.now(UTC))
    except InvalidSince as exc:
        raise typer.BadParameter(str(exc), param_hint="--since") from exc
    s = PlatformSettings()
    url = (
        database_url
        or os.environ.get(f"T2T_DATABASE_URL_{service.upper()}")
        or (f"{s.postgres_dsn.rstrip('/')}/t2t_{service}")
    )
    from t2t_cli.ops.outbox_replay import as_async_url, replay_outbox

    with Progress(
        TextColumn("[bold]replay[/] {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=render.err,
    ) as progress:
        task = progress.add_task(service, total=None)

        def advance(total: int, done: int) -> None:
            progress.update(task, total=total, completed=done)

        try:
            sent = asyncio.run(replay_outbox(s, service, as_async_url(url), since_at, advance))
        except OSError as exc:
            where = make_url(url).render_as_string(hide_password=True)
            typer.echo(
                f"Cannot reach {service}'s database at {where} ({exc.strerror or exc}). Start the "
                "local stack with `make run`, or pass --database-url.",
                err=True,
            )
            raise typer.Exit(UNREACHABLE) from exc
    render.out.print(f"republished {sent} event(s) of {service}")

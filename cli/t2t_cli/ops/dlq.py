"""`t2t dlq list|show|redrive`: the DLQs read from the broker, redrives audited in the ops DB."""

from __future__ import annotations

import asyncio
import getpass
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.table import Table

from ops.config import Settings
from ops.domain.dlq import DeadLetters
from ops.service_layer.redrive import (
    AlreadyRedriven,
    CannotRedrive,
    NothingToRedrive,
    RedriveRequest,
    RedriveResult,
)
from ops.service_layer.redrive import (
    redrive as redrive_letters,
)
from t2t_cli.ops import render
from t2t_cli.ops.settings import settings
from t2t_cli.ops.unreachable import needs_broker

dlq_app = typer.Typer(help="Dead letters: list, show and redrive.", no_args_is_help=True)

Json = Annotated[bool, typer.Option("--json", help="JSON for scripts")]


def whoami() -> str:
    return f"cli:{getpass.getuser()}"


def _load() -> DeadLetters:
    from t2t_cli.ops.reading import dead_letters

    letters, warning = asyncio.run(dead_letters(settings()))
    if warning:
        render.err.print(f"[yellow]{warning}[/]")
    return letters


@dlq_app.command("list")
@needs_broker
def list_letters(json: Json = False) -> None:
    """Dead letters waiting (not yet redriven), grouped by consumer and error."""
    letters = _load()
    if json:
        typer.echo(
            render.to_json(
                {
                    "groups": letters.groups(),
                    "messages": [letter.view() for letter in letters.waiting()],
                }
            )
        )
        return
    render.out.print(render.dlq_table(letters.groups()))
    table = Table(title="Messages (values masked)")
    for name in ("id", "type", "event id", "key", "attempt"):
        table.add_column(name, overflow="fold")
    for letter in letters.waiting():
        view = letter.view()
        table.add_row(
            letter.id,
            str(view["type"]),
            str(view["event_id"]),
            str(view["key"]),
            str(view["attempt"]),
        )
    render.out.print(table)


@dlq_app.command()
@needs_broker
def show(
    message_id: Annotated[str, typer.Argument(help="topic:partition:offset, from `dlq list`")],
    reveal: Annotated[
        bool, typer.Option(help="Show the value of a public event (never of a contact record)")
    ] = False,
    json: Json = False,
) -> None:
    """One dead letter: its headers and key; its value only with --reveal."""
    letters = _load()
    letter = letters.entries.get(message_id)
    if letter is None:
        raise typer.BadParameter(f"no dead letter '{message_id}'", param_hint="MESSAGE_ID")
    view = letter.view(reveal=reveal) | {"redriven": message_id in letters.redriven}
    if json:
        typer.echo(render.to_json(view))
        return
    table = Table(show_header=False, title=message_id)
    for key, value in view.items():
        table.add_row(key, str(value))
    render.out.print(table)


@dlq_app.command()
@needs_broker
def redrive(
    message_id: Annotated[
        list[str] | None, typer.Option("--id", help="A dead letter (repeat for several)")
    ] = None,
    group: Annotated[str | None, typer.Option(help="Every letter of an error group")] = None,
    dlq: Annotated[str | None, typer.Option(help="Every letter of one DLQ topic")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only show what would go")] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation")] = False,
    json: Json = False,
) -> None:
    """Send dead letters back to the topic they failed on; audited in the ops database."""
    s = settings()
    letters = _load()
    request = RedriveRequest(tuple(message_id or ()), group, dlq, dry_run=True)
    try:
        plan = letters.select(ids=request.ids, group=group, dlq_topic=dlq)
    except (KeyError, ValueError) as exc:
        raise typer.BadParameter(str(exc).strip("'\"")) from exc
    if not plan:
        render.err.print("nothing waiting matches")
        raise typer.Exit(1)
    if not dry_run and not yes:
        for letter in plan:
            render.out.print(f"{letter.id} → {letter.original_topic}")
        typer.confirm(f"Redrive these {len(plan)} message(s)?", abort=True)
    request = RedriveRequest(request.ids, group, dlq, dry_run=dry_run)
    try:
        result = asyncio.run(_redrive(s, letters, request))
    except (NothingToRedrive, CannotRedrive, AlreadyRedriven) as exc:
        render.err.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from exc
    if json:
        typer.echo(render.to_json(result))
        return
    verb = "would redrive" if result.dry_run else "redriven"
    for entry in result.entries:
        render.out.print(f"{verb}: {entry.message_id} ({entry.event_id}) → {entry.target_topic}")
    render.out.print(f"[dim]audit log: redrive {result.redrive_id}[/]")


async def _redrive(s: Settings, letters: DeadLetters, request: RedriveRequest) -> RedriveResult:
    from ops.adapters.publisher import KafkaRedrivePublisher
    from t2t_cli.ops.reading import audit_log
    from t2t_shared.messaging.kafka import KafkaConnection

    publisher = KafkaRedrivePublisher(KafkaConnection.from_settings(s), client_id="t2t-cli-redrive")
    # Without the audit log there is no redrive: who sent what must always be on record.
    async with audit_log(s) as audit:
        try:
            return await redrive_letters(
                request,
                letters=letters,
                publisher=publisher,
                audit=audit,
                actor=whoami(),
                role="ops",
                now=datetime.now(UTC),
            )
        finally:
            await publisher.close()
